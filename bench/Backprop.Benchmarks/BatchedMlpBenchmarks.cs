using Backprop.Functional;
using BenchmarkDotNet.Attributes;

namespace Backprop.Benchmarks;

/// <summary>
/// The loss gradient of issue 16's network (<see cref="TanhMlp"/>: 2-16-16-1 tanh, mean squared
/// error) over 100 and 10,000 samples: hand-written scalar C# (the baseline), the per-sample tape
/// summed over the samples by <see cref="BatchSum"/> on one and on two threads, the same tape
/// swept chunk by chunk with <c>Batch.Gradient</c> and its per-sample gradients summed by the
/// caller (the form the training objective used before <see cref="BatchSum"/>), and
/// <c>Batch.Run</c>, which returns every sample's gradient.
/// </summary>
public class BatchedMlpBenchmarks
{
    private const int Chunk = 256;
    private TanhMlp net = null!;
    private HandWrittenTanhMlp hand = null!;
    private Tape tape = null!;
    private BatchSum sum = null!;
    private double[] shared = [], rows = [], gradients = [];
    private double[] chunkInputs = [], chunkValues = [], chunkAdjoints = [], chunkGradients = [];
    private double[][] runRows = [];
    private int x0, x1, y;

    [Params(100, 10_000)]
    public int Samples { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        net = new TanhMlp(Samples);
        hand = new HandWrittenTanhMlp(net);
        tape = TapeModule.Compile(TanhMlp.SampleLoss(Samples));
        sum = BatchSum.Of(tape, ["x0", "x1", "y"]);
        var parameters = net.Parameters().ToDictionary(p => p.Name, p => p.Value);
        shared = tape.Variables.Select(name => parameters.GetValueOrDefault(name)).ToArray();
        rows = new double[Samples * 3];
        for (var s = 0; s < Samples; s++)
        {
            rows[3 * s] = net.X[s][0];
            rows[3 * s + 1] = net.X[s][1];
            rows[3 * s + 2] = net.Y[s];
        }

        gradients = new double[tape.Variables.Count];
        (x0, x1, y) = (tape.SlotOf("x0"), tape.SlotOf("x1"), tape.SlotOf("y"));
        var slots = tape.Variables.Count;
        chunkInputs = new double[slots * Chunk];
        chunkValues = new double[tape.Length * Chunk];
        chunkAdjoints = new double[tape.Length * Chunk];
        chunkGradients = new double[slots * Chunk];
        runRows = Enumerable.Range(0, Samples).Select(s =>
        {
            var row = (double[])shared.Clone();
            (row[x0], row[x1], row[y]) = (net.X[s][0], net.X[s][1], net.Y[s]);
            return row;
        }).ToArray();
        CheckAllAgree();
    }

    /// <summary>Every way must give the hand-written loss and gradient, or the comparison means nothing.</summary>
    private void CheckAllAgree()
    {
        var expected = HandWritten();
        var slot = tape.SlotOf("w2_3_5");
        var expectedGradient = hand.GW2[3, 5];
        void Check(string name, double loss, double gradient)
        {
            if (Math.Abs(loss - expected) > 1e-12 * Math.Max(1, Math.Abs(expected)) || Math.Abs(gradient - expectedGradient) > 1e-12)
            {
                throw new InvalidOperationException($"{name}: loss {loss} gradient {gradient}; hand-written {expected} {expectedGradient}");
            }
        }

        Check("BatchSum", BatchSumOneThread(), gradients[slot]);
        Check("BatchSum, 2 threads", BatchSumTwoThreads(), gradients[slot]);
        Check("chunks", BatchGradientInChunks(), gradients[slot]);
        Check("Batch.Run", BatchRun(), gradients[slot]);
    }

    [Benchmark(Baseline = true)]
    public double HandWritten() => hand.LossAndGradient();

    [Benchmark]
    public double BatchSumOneThread() => sum.Run(shared, rows, Samples, gradients, 1);

    [Benchmark]
    public double BatchSumTwoThreads() => sum.Run(shared, rows, Samples, gradients, 2);

    /// <summary>Chunks of 256 samples through <c>Batch.Gradient</c>, the parameters spread over every sample, the per-sample gradients summed here.</summary>
    [Benchmark]
    public double BatchGradientInChunks()
    {
        var slots = tape.Variables.Count;
        var root = tape.Length - 1;
        Array.Clear(gradients);
        var loss = 0.0;
        for (var first = 0; first < Samples; first += Chunk)
        {
            var count = Math.Min(Chunk, Samples - first);
            for (var v = 0; v < slots; v++)
            {
                chunkInputs.AsSpan(v * count, count).Fill(shared[v]);
            }

            for (var s = 0; s < count; s++)
            {
                chunkInputs[x0 * count + s] = rows[3 * (first + s)];
                chunkInputs[x1 * count + s] = rows[3 * (first + s) + 1];
                chunkInputs[y * count + s] = rows[3 * (first + s) + 2];
            }

            Batch.Gradient(tape, count, chunkInputs, chunkValues, chunkAdjoints, chunkGradients);
            for (var s = 0; s < count; s++)
            {
                loss += chunkValues[root * count + s];
            }

            for (var v = 0; v < slots; v++)
            {
                var total = gradients[v];
                for (var s = 0; s < count; s++)
                {
                    total += chunkGradients[v * count + s];
                }

                gradients[v] = total;
            }
        }

        return loss;
    }

    /// <summary><c>Batch.Run</c> on all cores: every sample's value and gradient, summed here.</summary>
    [Benchmark]
    public double BatchRun()
    {
        var result = Batch.Run(tape, runRows);
        Array.Clear(gradients);
        var loss = 0.0;
        var values = result.Values.Span;
        for (var s = 0; s < Samples; s++)
        {
            loss += values[s];
            var row = result.Gradients[s].Span;
            for (var v = 0; v < gradients.Length; v++)
            {
                gradients[v] += row[v];
            }
        }

        return loss;
    }
}
