using Backprop.Functional;
using BenchmarkDotNet.Attributes;
using Microsoft.FSharp.Collections;

namespace Backprop.Benchmarks;

/// <summary>
/// Derivatives as expressions: building the symbolic gradient of a random DAG (Nodes counts the
/// original's nodes), and a Hessian-vector product against one compiled gradient of the same
/// function (both evaluated on tapes compiled in setup).
/// </summary>
public class DerivativeBenchmarks
{
    private Expr root = null!;
    private FSharpList<string> names = FSharpList<string>.Empty;
    private Tape gradientTape = null!;
    private Tape hvpTape = null!;
    private double[] gradientInputs = [];
    private double[] hvpInputs = [];
    private double[] values = [];
    private double[] adjoints = [];
    private double[] gradients = [];
    private double[] hvpValues = [];

    [Params(100_000)]
    public int Nodes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        root = Graphs.RandomDag(Nodes, tanhShare: 0.2);
        gradientTape = TapeModule.Compile(root);
        names = ListModule.OfSeq(gradientTape.Variables);
        var inputs = Graphs.Inputs();
        gradientInputs = gradientTape.Inputs(inputs);
        values = new double[gradientTape.Length];
        adjoints = new double[gradientTape.Length];
        gradients = new double[gradientTape.Variables.Count];
        var v = ListModule.OfSeq(gradientTape.Variables.Select((_, i) => 1.0 - 0.01 * i));
        var hvp = Derivative.HessianVectorProduct(names, v, root).ToArray();
        hvpTape = TapeModule.CompileRoots(hvp[0], hvp);
        hvpInputs = hvpTape.Inputs(inputs);
        hvpValues = new double[hvpTape.Length];
    }

    /// <summary>The gradient as expressions: one symbolic reverse sweep (traversal included).</summary>
    [Benchmark]
    public int SymbolicGradient() => Derivative.Gradient(names, root).Length;

    /// <summary>One compiled gradient (forward and reverse sweep): the unit the next is measured in.</summary>
    [Benchmark(Baseline = true)]
    public double CompiledGradient() => gradientTape.Gradient(gradientInputs, values, adjoints, gradients);

    /// <summary>A Hessian-vector product, compiled once: one forward sweep of its tape.</summary>
    [Benchmark]
    public double CompiledHessianVectorProduct() => hvpTape.Forward(hvpInputs, hvpValues);
}
