using Backprop.Functional;

namespace Backprop.Benchmarks;

/// <summary>
/// The network of micrograd's demo: 2 inputs, hidden layers of 16 and 16 relu units, one linear
/// output; loss = mean over samples of the hinge relu(1 - y·score). Weights and data are fixed by
/// a seed so the expression and the hand-written code compute the same numbers.
/// </summary>
public sealed class Mlp
{
    public const int Hidden = 16;
    public readonly double[,] W1 = new double[Hidden, 2];
    public readonly double[] B1 = new double[Hidden];
    public readonly double[,] W2 = new double[Hidden, Hidden];
    public readonly double[] B2 = new double[Hidden];
    public readonly double[] W3 = new double[Hidden];
    public double B3;
    public readonly double[][] X;
    public readonly double[] Y;

    public Mlp(int samples, int seed = 3)
    {
        var random = new Random(seed);
        double Next() => random.NextDouble() * 2 - 1;
        for (var i = 0; i < Hidden; i++)
        {
            W1[i, 0] = Next();
            W1[i, 1] = Next();
            B1[i] = Next();
            for (var j = 0; j < Hidden; j++)
            {
                W2[i, j] = Next();
            }

            B2[i] = Next();
            W3[i] = Next();
        }

        B3 = Next();
        X = Enumerable.Range(0, samples).Select(_ => new[] { Next() * 2, Next() * 2 }).ToArray();
        Y = Enumerable.Range(0, samples).Select(s => X[s][0] * X[s][1] > 0 ? 1.0 : -1.0).ToArray();
    }

    /// <summary>Parameter names in a fixed order, and their current values.</summary>
    public IEnumerable<(string Name, double Value)> Parameters()
    {
        for (var i = 0; i < Hidden; i++)
        {
            yield return ($"w1_{i}_0", W1[i, 0]);
            yield return ($"w1_{i}_1", W1[i, 1]);
            yield return ($"b1_{i}", B1[i]);
        }

        for (var i = 0; i < Hidden; i++)
        {
            for (var j = 0; j < Hidden; j++)
            {
                yield return ($"w2_{i}_{j}", W2[i, j]);
            }

            yield return ($"b2_{i}", B2[i]);
        }

        for (var i = 0; i < Hidden; i++)
        {
            yield return ($"w3_{i}", W3[i]);
        }

        yield return ("b3", B3);
    }

    /// <summary>The score of one sample as an expression of the parameters and two input expressions.</summary>
    public static Expr Score(Expr x0, Expr x1)
    {
        Expr V(string name) => ExprModule.Variable(name);
        var h1 = new Expr[Hidden];
        for (var i = 0; i < Hidden; i++)
        {
            h1[i] = ExprModule.Relu(V($"w1_{i}_0") * x0 + V($"w1_{i}_1") * x1 + V($"b1_{i}"));
        }

        var h2 = new Expr[Hidden];
        for (var i = 0; i < Hidden; i++)
        {
            var z = V($"b2_{i}");
            for (var j = 0; j < Hidden; j++)
            {
                z = V($"w2_{i}_{j}") * h1[j] + z;
            }

            h2[i] = ExprModule.Relu(z);
        }

        var score = V("b3");
        for (var i = 0; i < Hidden; i++)
        {
            score = V($"w3_{i}") * h2[i] + score;
        }

        return score;
    }

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
