using BenchmarkDotNet.Running;
using Backprop.Benchmarks;

// dotnet run -c Release --project bench/Backprop.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, new BenchConfig());
