using Backprop.Functional;

namespace Backprop.Benchmarks;

/// <summary>
/// The network of micrograd's demo: 2 inputs, hidden layers of 16 and 16 relu units, one linear
/// output; loss = mean over samples of the hinge relu(1 - y·score). Weights and data are fixed by
/// a seed so the expression and the hand-written code compute the same numbers.
/// </summary>
public sealed class Mlp : MlpWeights
{
    public readonly double[][] X;
    public readonly double[] Y;

    public Mlp(int samples, int seed = 3)
        : this(new Random(seed), samples)
    {
    }

    private Mlp(Random random, int samples)
        : base(() => random.NextDouble() * 2 - 1, hiddenScale: 1.0)
    {
        X = Enumerable.Range(0, samples).Select(_ => new[] { Next(random) * 2, Next(random) * 2 }).ToArray();
        Y = Enumerable.Range(0, samples).Select(s => X[s][0] * X[s][1] > 0 ? 1.0 : -1.0).ToArray();
    }

    private static double Next(Random random) => random.NextDouble() * 2 - 1;

    /// <summary>The score of one sample as an expression of the parameters and two input expressions.</summary>
    public static Expr Score(Expr x0, Expr x1) => Score(x0, x1, ExprModule.Relu);

    /// <summary>The whole loss over all samples as one expression; the data are constants.</summary>
    public Expr BatchLoss()
    {
        var terms = new List<Expr>();
        for (var s = 0; s < X.Length; s++)
        {
            var score = Score(ExprModule.Constant(X[s][0]), ExprModule.Constant(X[s][1]));
            terms.Add(ExprModule.Relu(1.0 - Y[s] * score) * (1.0 / X.Length));
        }

        return ExprModule.Sum(terms);
    }

    /// <summary>One sample's loss term with the data as the variables "x0", "x1", "y".</summary>
    public Expr SampleLoss(int samples)
    {
        var score = Score(ExprModule.Variable("x0"), ExprModule.Variable("x1"));
        return ExprModule.Relu(1.0 - ExprModule.Variable("y") * score) * (1.0 / samples);
    }
}
