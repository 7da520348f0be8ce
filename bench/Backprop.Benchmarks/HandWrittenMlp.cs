namespace Backprop.Benchmarks;

/// <summary>
/// The same network's loss and gradient written by hand, loops over arrays, no allocation per call:
/// the practical limit a general engine is measured against.
/// </summary>
public sealed class HandWrittenMlp(Mlp net)
{
    private const int H = Mlp.Hidden;
    private readonly double[] z1 = new double[H], h1 = new double[H], z2 = new double[H], h2 = new double[H];
    private readonly double[] dz2 = new double[H], dz1 = new double[H];

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
                z1[i] = net.W1[i, 0] * x[0] + net.W1[i, 1] * x[1] + net.B1[i];
                h1[i] = z1[i] > 0 ? z1[i] : 0;
            }

            for (var i = 0; i < H; i++)
            {
                var z = net.B2[i];
                for (var j = 0; j < H; j++)
                {
                    z += net.W2[i, j] * h1[j];
                }

                z2[i] = z;
                h2[i] = z > 0 ? z : 0;
            }

            var score = net.B3;
            for (var i = 0; i < H; i++)
            {
                score += net.W3[i] * h2[i];
            }

            var margin = 1 - net.Y[s] * score;
            if (margin <= 0)
            {
                continue;
            }

            loss += margin / n;
            var dScore = -net.Y[s] / n;
            GB3 += dScore;
            for (var i = 0; i < H; i++)
            {
                GW3[i] += dScore * h2[i];
                dz2[i] = z2[i] > 0 ? dScore * net.W3[i] : 0;
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

                dz1[j] = z1[j] > 0 ? dh : 0;
                GW1[j, 0] += dz1[j] * x[0];
                GW1[j, 1] += dz1[j] * x[1];
                GB1[j] += dz1[j];
            }
        }

        return loss;
    }
}
