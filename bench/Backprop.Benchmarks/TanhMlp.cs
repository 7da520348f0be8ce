using Backprop.Functional;

namespace Backprop.Benchmarks;

/// <summary>
/// The network of the batched comparison in issue 16 (and of TorchSharp's figure there): 2 inputs,
/// hidden layers of 16 and 16 tanh units, one linear output; loss = the mean over the samples of
/// (score − y)². Weights and data are fixed by a seed.
/// </summary>
public sealed class TanhMlp : MlpWeights
{
    public readonly double[][] X;
    public readonly double[] Y;

    public TanhMlp(int samples, int seed = 5)
        : this(new Random(seed), samples)
    {
    }

    private TanhMlp(Random random, int samples)
        : base(() => random.NextDouble() * 2 - 1, hiddenScale: 0.5)
    {
        X = Enumerable.Range(0, samples).Select(_ => new[] { Next(random) * 2, Next(random) * 2 }).ToArray();
        Y = X.Select(x => Math.Sin(x[0]) * Math.Cos(x[1])).ToArray();
    }

    private static double Next(Random random) => random.NextDouble() * 2 - 1;

    /// <summary>One sample's loss term, (score − y)² / samples, with the data as the variables x0, x1, y.</summary>
    public static Expr SampleLoss(int samples)
    {
        var score = Score(ExprModule.Variable("x0"), ExprModule.Variable("x1"), ExprModule.Tanh);
        var error = score - ExprModule.Variable("y");
        return error * error * (1.0 / samples);
    }
}

/// <summary>
/// <see cref="TanhMlp"/>'s loss and gradient written by hand: scalar loops over arrays, sample by
/// sample, no allocation per call — the baseline a general engine is measured against.
/// </summary>
public sealed class HandWrittenTanhMlp(TanhMlp net)
{
    private const int H = TanhMlp.Hidden;
    private readonly double[] h1 = new double[H], h2 = new double[H], dz2 = new double[H];

    public readonly double[,] GW1 = new double[H, 2];
    public readonly double[] GB1 = new double[H];
    public readonly double[,] GW2 = new double[H, H];
    public readonly double[] GB2 = new double[H];
    public readonly double[] GW3 = new double[H];
    public double GB3;

    /// <summary>Returns the loss and leaves d(loss)/d(parameter) in the G* fields.</summary>
    public double LossAndGradient()
    {
        Array.Clear(GW1);
        Array.Clear(GB1);
        Array.Clear(GW2);
        Array.Clear(GB2);
        Array.Clear(GW3);
        GB3 = 0;
        var loss = 0.0;
        var n = net.X.Length;
        for (var s = 0; s < n; s++)
        {
            var x = net.X[s];
            for (var i = 0; i < H; i++)
            {
                h1[i] = Math.Tanh(net.W1[i, 0] * x[0] + net.W1[i, 1] * x[1] + net.B1[i]);
            }

            for (var i = 0; i < H; i++)
            {
                var z = net.B2[i];
                for (var j = 0; j < H; j++)
                {
                    z += net.W2[i, j] * h1[j];
                }

                h2[i] = Math.Tanh(z);
            }

            var score = net.B3;
            for (var i = 0; i < H; i++)
            {
                score += net.W3[i] * h2[i];
            }

            var error = score - net.Y[s];
            loss += error * error / n;
            var dScore = 2 * error / n;
            GB3 += dScore;
            for (var i = 0; i < H; i++)
            {
                GW3[i] += dScore * h2[i];
                dz2[i] = dScore * net.W3[i] * (1 - h2[i] * h2[i]);
                GB2[i] += dz2[i];
            }

            for (var j = 0; j < H; j++)
            {
                var dh = 0.0;
                for (var i = 0; i < H; i++)
                {
                    GW2[i, j] += dz2[i] * h1[j];
                    dh += net.W2[i, j] * dz2[i];
                }

                var dz1 = dh * (1 - h1[j] * h1[j]);
                GW1[j, 0] += dz1 * x[0];
                GW1[j, 1] += dz1 * x[1];
                GB1[j] += dz1;
            }
        }

        return loss;
    }
}
