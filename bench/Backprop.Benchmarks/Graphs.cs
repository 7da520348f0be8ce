using Backprop.Functional;

namespace Backprop.Benchmarks;

/// <summary>The expression shapes the benchmarks use; all deterministic.</summary>
public static class Graphs
{
    public const int InputCount = 16;

    /// <summary>
    /// Inputs x0..x15 (or as many as <paramref name="count"/> says) with values in [0.9, 1.1], so
    /// values stay normal (no subnormals).
    /// </summary>
    public static Dictionary<string, double> Inputs(int count = InputCount)
    {
        var random = new Random(7);
        return Enumerable.Range(0, count).ToDictionary(i => $"x{i}", _ => 0.9 + 0.2 * random.NextDouble());
    }

    /// <summary>Parallel strands in <see cref="RandomDag"/>: each node's first operand is the node this far back.</summary>
    public const int Width = 64;

    /// <summary>
    /// A DAG of <paramref name="nodes"/> operations plus the sum that joins it: each takes as first
    /// operand the node <see cref="Width"/> places back (so the graph is wide, as layers are, and
    /// every node is used); a share of them is <c>tanh</c>, the rest are half products with an input
    /// and half sums with a random node among the 1,024 most recent (the sharing). The root sums the
    /// last <see cref="Width"/> nodes. Long sums of positive values may saturate to infinity, which
    /// IEEE arithmetic handles at full speed; nothing becomes subnormal. The inputs are x0..x15, or
    /// as many as <paramref name="inputCount"/> says.
    /// </summary>
    public static Expr RandomDag(int nodes, double tanhShare, int seed = 1, int inputCount = InputCount)
    {
        var random = new Random(seed);
        var inputs = Enumerable.Range(0, inputCount).Select(i => ExprModule.Variable($"x{i}")).ToArray();
        var made = new List<Expr>(nodes + inputCount);
        made.AddRange(inputs);
        for (var k = 0; k < nodes; k++)
        {
            var first = made.Count >= inputCount + Width ? made[made.Count - Width] : inputs[k % inputCount];
            var r = random.NextDouble();
            made.Add(r < tanhShare
                ? Expr.Tanh(first)
                : r < (1 + tanhShare) / 2
                    ? first * inputs[random.Next(inputCount)]
                    : first + made[made.Count - 1 - random.Next(Math.Min(made.Count, 1024))]);
        }

        return ExprModule.Sum(made.Skip(Math.Max(inputCount, made.Count - Width)));
    }

    /// <summary>A chain <paramref name="nodes"/> deep: alternately adds and multiplies an input, no other sharing.</summary>
    public static Expr Chain(int nodes)
    {
        var inputs = Enumerable.Range(0, InputCount).Select(i => ExprModule.Variable($"x{i}")).ToArray();
        var e = inputs[0];
        for (var k = 0; k < nodes; k++)
        {
            e = k % 2 == 0 ? e + inputs[k % InputCount] : e * inputs[k % InputCount];
        }

        return e;
    }

    /// <summary>The sharing DAG x(k+1) = x(k)*x(k) + x(k), <paramref name="levels"/> levels, from x = -0.5.</summary>
    public static Expr SharingDag(int levels)
    {
        var x = ExprModule.Variable("x0");
        for (var k = 0; k < levels; k++)
        {
            x = x * x + x;
        }

        return x;
    }
}
