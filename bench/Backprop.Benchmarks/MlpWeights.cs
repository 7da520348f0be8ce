using Backprop.Functional;

namespace Backprop.Benchmarks;

/// <summary>
/// The weights of a 2-16-16-1 network, drawn from a seeded generator in a fixed order, with their
/// names as the expressions use them; the networks the benchmarks compare (<see cref="Mlp"/>,
/// <see cref="TanhMlp"/>) add their activation, loss and data.
/// </summary>
public abstract class MlpWeights
{
    public const int Hidden = 16;
    public readonly double[,] W1 = new double[Hidden, 2];
    public readonly double[] B1 = new double[Hidden];
    public readonly double[,] W2 = new double[Hidden, Hidden];
    public readonly double[] B2 = new double[Hidden];
    public readonly double[] W3 = new double[Hidden];
    public double B3;

    /// <param name="next">The generator, uniform in [-1, 1); the subclass draws its data from it next.</param>
    /// <param name="hiddenScale">A factor on the second layer's weights.</param>
    protected MlpWeights(Func<double> next, double hiddenScale)
    {
        for (var i = 0; i < Hidden; i++)
        {
            W1[i, 0] = next();
            W1[i, 1] = next();
            B1[i] = next();
            for (var j = 0; j < Hidden; j++)
            {
                W2[i, j] = next() * hiddenScale;
            }

            B2[i] = next();
            W3[i] = next();
        }

        B3 = next();
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

    /// <summary>The score of one sample as an expression of the parameters (variables by name) and two inputs.</summary>
    public static Expr Score(Expr x0, Expr x1, Func<Expr, Expr> activation)
    {
        Expr V(string name) => ExprModule.Variable(name);
        var h1 = new Expr[Hidden];
        for (var i = 0; i < Hidden; i++)
        {
            h1[i] = activation(V($"w1_{i}_0") * x0 + V($"w1_{i}_1") * x1 + V($"b1_{i}"));
        }

        var h2 = new Expr[Hidden];
        for (var i = 0; i < Hidden; i++)
        {
            var z = V($"b2_{i}");
            for (var j = 0; j < Hidden; j++)
            {
                z = V($"w2_{i}_{j}") * h1[j] + z;
            }

            h2[i] = activation(z);
        }

        var score = V("b3");
        for (var i = 0; i < Hidden; i++)
        {
            score = V($"w3_{i}") * h2[i] + score;
        }

        return score;
    }
}
