using Backprop.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Backprop.Benchmarks -- --filter '*'
// dotnet run -c Release --project bench/Backprop.Benchmarks -- retained
if (args is ["retained"])
{
    RetainedMemory.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, new BenchConfig());
