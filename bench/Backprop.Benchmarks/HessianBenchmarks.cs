using Backprop.Functional;
using BenchmarkDotNet.Attributes;
using Microsoft.FSharp.Collections;

namespace Backprop.Benchmarks;

/// <summary>
/// Second derivatives of one function of 100 variables whose graph has about 10,000 nodes (the
/// random DAG, tanh20, over x0..x99): the dense Hessian against 100 Hessian-vector products, and
/// one compiled gradient for scale. Each benchmark says what it includes; the vectors are seeded.
/// </summary>
/// <remarks>
/// An operation of the dense Hessian takes seconds, so this class runs one warm-up and five
/// measured iterations, not the usual ten.
/// </remarks>
[WarmupCount(1)]
[IterationCount(5)]
public class HessianBenchmarks
{
    private const int Variables = 100;
    private const int Products = 100;

    private Expr root = null!;
    private FSharpList<string> names = FSharpList<string>.Empty;
    private Dictionary<string, double> point = [];
    private FSharpList<double>[] vectors = [];
    private Tape gradientTape = null!;
    private double[] gradientInputs = [];
    private double[] values = [];
    private double[] adjoints = [];
    private double[] gradients = [];
    private Tape hessianTape = null!;
    private double[] hessianInputs = [];
    private double[] hessianValues = [];
    private Tape productTape = null!;
    private double[][] productInputs = [];
    private double[] productValues = [];

    /// <summary>Operations of the original function (about 10,000; its graph also has the 100 inputs).</summary>
    [Params(10_000)]
    public int Nodes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        root = Graphs.RandomDag(Nodes, tanhShare: 0.2, inputCount: Variables);
        names = ListModule.OfSeq(Enumerable.Range(0, Variables).Select(i => $"x{i}"));
        point = Graphs.Inputs(Variables);
        var random = new Random(11);
        vectors = Enumerable.Range(0, Products)
            .Select(_ => ListModule.OfSeq(Enumerable.Range(0, Variables).Select(_ => 2 * random.NextDouble() - 1)))
            .ToArray();
        gradientTape = TapeModule.Compile(root);
        gradientInputs = gradientTape.Inputs(point);
        values = new double[gradientTape.Length];
        adjoints = new double[gradientTape.Length];
        gradients = new double[gradientTape.Variables.Count];
    }

    [GlobalSetup(Target = nameof(DenseHessianEvaluate))]
    public void SetupHessianTape()
    {
        Setup();
        var entries = Derivative.Hessian(names, root).Cast<Expr>().ToArray();
        hessianTape = TapeModule.CompileRoots(entries[0], entries);
        hessianInputs = hessianTape.Inputs(point);
        hessianValues = new double[hessianTape.Length];
    }

    /// <summary>H·v with v as variables v0..v99: the gradient of <c>Σ ∂f/∂xᵢ · vᵢ</c>, compiled.</summary>
    private (Expr[] Product, Tape Tape) BuildProductTape()
    {
        var directional = ExprModule.Sum(
            Derivative.Gradient(names, root).Select((d, i) => d * ExprModule.Variable($"v{i}")));
        var product = Derivative.Gradient(names, directional).ToArray();
        return (product, TapeModule.CompileRoots(product[0], product));
    }

    [GlobalSetup(Target = nameof(HessianVectorProductsCompiledOnce))]
    public void SetupProductTape()
    {
        Setup();
        var (product, tape) = BuildProductTape();
        productTape = tape;
        productInputs = vectors
            .Select(v =>
            {
                var bindings = new Dictionary<string, double>(point);
                foreach (var (vi, i) in v.Select((vi, i) => (vi, i)))
                {
                    bindings[$"v{i}"] = vi;
                }

                return productTape.Inputs(bindings);
            })
            .ToArray();
        productValues = new double[productTape.Length];

        // Both ways give the same product, to rounding.
        var built = Derivative.HessianVectorProduct(names, vectors[0], root).ToArray();
        var expected = Derivative.Evaluate(point, built);
        productTape.Forward(productInputs[0], productValues);
        for (var i = 0; i < Variables; i++)
        {
            var actual = productValues[productTape.Graph.TryIndexOf(product[i]).Value];
            if (Math.Abs(actual - expected[i]) > 1e-9 * Math.Max(1.0, Math.Abs(expected[i])))
            {
                throw new InvalidOperationException($"H·v differs at {i}: {actual} against {expected[i]}");
            }
        }
    }

    /// <summary>One compiled gradient (forward and reverse sweep of the tape compiled in setup): the unit.</summary>
    [Benchmark(Baseline = true)]
    public double CompiledGradient() => gradientTape.Gradient(gradientInputs, values, adjoints, gradients);

    /// <summary>
    /// The dense Hessian from nothing: <c>Derivative.Hessian</c> for all 100 variables (one symbolic
    /// sweep for the gradient, then one per variable over the gradient's graph), its 10,000 entries
    /// compiled into one tape, and that tape's forward sweep at one point.
    /// </summary>
    [Benchmark]
    public double DenseHessian()
    {
        var entries = Derivative.Hessian(names, root).Cast<Expr>().ToArray();
        var tape = TapeModule.CompileRoots(entries[0], entries);
        return tape.Forward(tape.Inputs(point), new double[tape.Length]);
    }

    /// <summary>The symbolic part of <see cref="DenseHessian"/> alone: <c>Derivative.Hessian</c>.</summary>
    [Benchmark]
    public int DenseHessianSymbolic() => Derivative.Hessian(names, root).Length;

    /// <summary>The dense Hessian at one more point once built and compiled: one forward sweep of its tape.</summary>
    [Benchmark]
    public double DenseHessianEvaluate() => hessianTape.Forward(hessianInputs, hessianValues);

    /// <summary>
    /// 100 Hessian-vector products, each built for its vector: <c>Derivative.HessianVectorProduct</c>
    /// (two symbolic sweeps), its 100 entries compiled into one tape, and that tape's forward sweep.
    /// </summary>
    [Benchmark]
    public double HessianVectorProducts()
    {
        var total = 0.0;
        foreach (var v in vectors)
        {
            var product = Derivative.HessianVectorProduct(names, v, root).ToArray();
            var tape = TapeModule.CompileRoots(product[0], product);
            total += tape.Forward(tape.Inputs(point), new double[tape.Length]);
        }

        return total;
    }

    /// <summary>
    /// What <see cref="HessianVectorProductsCompiledOnce"/> builds once: H·v with the vector as
    /// variables (two symbolic sweeps), compiled into one tape.
    /// </summary>
    [Benchmark]
    public int HessianVectorProductTape() => BuildProductTape().Tape.Length;

    /// <summary>
    /// 100 Hessian-vector products from one tape built and compiled in setup, with the vector as
    /// variables (the gradient of <c>Σ ∂f/∂xᵢ · vᵢ</c>): 100 forward sweeps, one per vector.
    /// </summary>
    [Benchmark]
    public double HessianVectorProductsCompiledOnce()
    {
        var total = 0.0;
        foreach (var inputs in productInputs)
        {
            total += productTape.Forward(inputs, productValues);
        }

        return total;
    }
}
