using Backprop.Functional;
using BenchmarkDotNet.Attributes;

namespace Backprop.Benchmarks;

/// <summary>
/// A compiled tape's forward and reverse sweep, with the buffers it runs on, to be measured against
/// code written by hand for the same function in the same run.
/// </summary>
public abstract class TapeAgainstHandWritten
{
    private Tape tape = null!;
    private double[] inputs = [], values = [], adjoints = [], gradients = [];

    /// <summary>Compiles <paramref name="root"/> and sizes the buffers; inputs from <paramref name="point"/>.</summary>
    protected Tape Load(Expr root, Dictionary<string, double> point)
    {
        tape = TapeModule.Compile(root);
        inputs = tape.Inputs(point);
        values = new double[tape.Length];
        adjoints = new double[tape.Length];
        gradients = new double[tape.Variables.Count];
        return tape;
    }

    /// <summary>The tape's gradient, by slot, after <see cref="Tape"/> ran.</summary>
    protected double[] TapeGradients => gradients;

    [Benchmark]
    public double Tape() => tape.Gradient(inputs, values, adjoints, gradients);
}

/// <summary>
/// A deep, narrow graph: a chain of <c>Nodes</c> operations in blocks of five,
/// <c>x ← tanh((x·a + b)·c + d)</c> with a, b, c, d among 16 inputs (20% tanh, every run of one
/// operation one node long), compiled once; against the same gradient written by hand in C#.
/// </summary>
public class ChainBenchmarks : TapeAgainstHandWritten
{
    private HandWrittenChain hand = null!;

    [Params(10_000)]
    public int Nodes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var blocks = Nodes / 5;
        var tape = Load(NarrowGraphs.TanhChain(blocks), Graphs.Inputs());
        hand = new HandWrittenChain(blocks, Graphs.Inputs());
        Check.Agree(HandWritten(), Tape(), hand.Gradients, tape, TapeGradients);
    }

    [Benchmark(Baseline = true)]
    public double HandWritten() => hand.ValueAndGradient();
}

/// <summary>
/// <c>Σ_k (Σ_{j&lt;10} c_kj·x_(k+j) mod 500)²</c> for k &lt; 500 over 500 variables, compiled once,
/// against the same gradient written by hand in C#.
/// </summary>
public class SumSqBenchmarks : TapeAgainstHandWritten
{
    private HandWrittenSumSq hand = null!;

    [Params(500)]
    public int Variables { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        hand = new HandWrittenSumSq(Variables);
        var point = Graphs.Inputs(Variables);
        var tape = Load(NarrowGraphs.SumOfSquares(Variables, hand.Coefficients), point);
        hand.X = [.. Enumerable.Range(0, Variables).Select(i => point[$"x{i}"])];
        Check.Agree(HandWritten(), Tape(), hand.Gradients, tape, TapeGradients);
    }

    [Benchmark(Baseline = true)]
    public double HandWritten() => hand.ValueAndGradient();
}

/// <summary>The tape and the hand-written code must agree, or the comparison means nothing.</summary>
internal static class Check
{
    public static void Agree(double byHand, double byTape, double[] handGradients, Tape tape, double[] tapeGradients)
    {
        if (Math.Abs(byHand - byTape) > 1e-9 * Math.Max(1, Math.Abs(byHand)))
        {
            throw new InvalidOperationException($"Values differ: {byHand} {byTape}");
        }

        for (var i = 0; i < handGradients.Length; i++)
        {
            var slot = tape.SlotOf($"x{i}");
            var expected = handGradients[i];
            var actual = slot < 0 ? 0.0 : tapeGradients[slot];
            if (Math.Abs(expected - actual) > 1e-9 * Math.Max(1, Math.Abs(expected)))
            {
                throw new InvalidOperationException($"Gradients differ at x{i}: {expected} {actual}");
            }
        }
    }
}

/// <summary>The chain of <see cref="NarrowGraphs.TanhChain"/> and its gradient, by hand.</summary>
public sealed class HandWrittenChain(int blocks, Dictionary<string, double> point)
{
    private readonly double[] x = [.. Enumerable.Range(0, Graphs.InputCount).Select(i => point[$"x{i}"])];
    private readonly double[] before = new double[blocks];
    private readonly double[] after = new double[blocks + 1];

    /// <summary>d(value)/d(x_i), filled by <see cref="ValueAndGradient"/>.</summary>
    public double[] Gradients { get; } = new double[Graphs.InputCount];

    public double ValueAndGradient()
    {
        var v = x[0];
        after[0] = v;
        for (var k = 0; k < blocks; k++)
        {
            var (a, b, c, d) = NarrowGraphs.ChainOperands(k);
            var u = v * x[a] + x[b];
            before[k] = u;
            v = Math.Tanh(u * x[c] + x[d]);
            after[k + 1] = v;
        }

        Array.Clear(Gradients);
        var g = 1.0;
        for (var k = blocks - 1; k >= 0; k--)
        {
            var (a, b, c, d) = NarrowGraphs.ChainOperands(k);
            var y = after[k + 1];
            var gs = g * (1 - y * y);
            Gradients[d] += gs;
            Gradients[c] += gs * before[k];
            var gu = gs * x[c];
            Gradients[b] += gu;
            Gradients[a] += gu * after[k];
            g = gu * x[a];
        }

        Gradients[0] += g;
        return v;
    }
}

/// <summary>The sum of squares of <see cref="NarrowGraphs.SumOfSquares"/> and its gradient, by hand.</summary>
public sealed class HandWrittenSumSq(int n)
{
    /// <summary>c_kj, k &lt; n, j &lt; 10, seeded.</summary>
    public double[,] Coefficients { get; } = NarrowGraphs.SumSqCoefficients(n);

    /// <summary>The point.</summary>
    public double[] X { get; set; } = [];

    /// <summary>d(value)/d(x_i), filled by <see cref="ValueAndGradient"/>.</summary>
    public double[] Gradients { get; } = new double[n];

    public double ValueAndGradient()
    {
        Array.Clear(Gradients);
        var total = 0.0;
        for (var k = 0; k < n; k++)
        {
            var s = 0.0;
            for (var j = 0; j < 10; j++)
            {
                var i = k + j < n ? k + j : k + j - n;
                s += Coefficients[k, j] * X[i];
            }

            total += s * s;
            var g = s + s;
            for (var j = 0; j < 10; j++)
            {
                var i = k + j < n ? k + j : k + j - n;
                Gradients[i] += g * Coefficients[k, j];
            }
        }

        return total;
    }
}

/// <summary>The narrow graphs of these benchmarks; all deterministic.</summary>
public static class NarrowGraphs
{
    /// <summary>The inputs a, b, c, d of block k of <see cref="TanhChain"/>: fixed, varied, among x0..x15.</summary>
    public static (int A, int B, int C, int D) ChainOperands(int k) =>
        ((3 * k + 1) % Graphs.InputCount, (5 * k + 2) % Graphs.InputCount, (7 * k + 3) % Graphs.InputCount, (11 * k + 4) % Graphs.InputCount);

    /// <summary>
    /// <c>x ← tanh((x·a + b)·c + d)</c>, <paramref name="blocks"/> times from x = x0: five operations
    /// a block, each using the one before, so the graph is exactly as deep as it is large.
    /// </summary>
    public static Expr TanhChain(int blocks)
    {
        var x = Enumerable.Range(0, Graphs.InputCount).Select(i => ExprModule.Variable($"x{i}")).ToArray();
        var v = x[0];
        for (var k = 0; k < blocks; k++)
        {
            var (a, b, c, d) = ChainOperands(k);
            v = Expr.Tanh((v * x[a] + x[b]) * x[c] + x[d]);
        }

        return v;
    }

    /// <summary>c_kj in [-1, 1], seeded.</summary>
    public static double[,] SumSqCoefficients(int n)
    {
        var random = new Random(3);
        var c = new double[n, 10];
        for (var k = 0; k < n; k++)
        {
            for (var j = 0; j < 10; j++)
            {
                c[k, j] = 2 * random.NextDouble() - 1;
            }
        }

        return c;
    }

    /// <summary><c>Σ_k s_k·s_k</c> with <c>s_k = Σ_{j&lt;10} c_kj·x_((k+j) mod n)</c>: constants times variables.</summary>
    public static Expr SumOfSquares(int n, double[,] c)
    {
        var x = Enumerable.Range(0, n).Select(i => ExprModule.Variable($"x{i}")).ToArray();
        var squares = new List<Expr>(n);
        for (var k = 0; k < n; k++)
        {
            var s = ExprModule.Constant(c[k, 0]) * x[k % n];
            for (var j = 1; j < 10; j++)
            {
                s += ExprModule.Constant(c[k, j]) * x[(k + j) % n];
            }

            squares.Add(s * s);
        }

        return ExprModule.Sum(squares);
    }
}
