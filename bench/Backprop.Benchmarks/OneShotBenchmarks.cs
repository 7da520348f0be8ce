using Backprop.Functional;
using BenchmarkDotNet.Attributes;

namespace Backprop.Benchmarks;

/// <summary>One-shot gradient (traverse, compile, forward, reverse) of graphs of growing size.</summary>
public class OneShotBenchmarks
{
    private Expr root = null!;
    private readonly Dictionary<string, double> inputs = Graphs.Inputs();

    [Params(1_000, 10_000, 100_000, 1_000_000)]
    public int Nodes { get; set; }

    [Params("random", "chain")]
    public string Shape { get; set; } = "random";

    [GlobalSetup]
    public void Setup() => root = Shape == "chain" ? Graphs.Chain(Nodes) : Graphs.RandomDag(Nodes, tanhShare: 0.2);

    [Benchmark]
    public double OneShotGradient() => Gradient.Compute(inputs, root).Value;
}

/// <summary>
/// The sharing DAG x(k+1) = x(k)*x(k) + x(k): linear in its 20,001 distinct nodes for the engine;
/// a naive tree fold visits every path, 3^levels of them.
/// </summary>
public class SharingBenchmarks
{
    private readonly Dictionary<string, double> start = new() { ["x0"] = -0.5 };
    private Expr root = null!;

    [Params(10, 12, 10_000)]
    public int Levels { get; set; }

    [GlobalSetup]
    public void Setup() => root = Graphs.SharingDag(Levels);

    [Benchmark]
    public double OneShotGradient() => Gradient.Compute(start, root).Value;
}

/// <summary>The naive tree fold on the same DAG, at the sizes where it finishes.</summary>
public class NaiveFoldBenchmarks
{
    private Expr root = null!;

    [Params(10, 12)]
    public int Levels { get; set; }

    [GlobalSetup]
    public void Setup() => root = Graphs.SharingDag(Levels);

    [Benchmark]
    public double NaiveTreeFold() => NaiveFold.Gradient(root, -0.5);
}
