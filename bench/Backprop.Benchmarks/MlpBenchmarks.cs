using Backprop.Functional;
using BenchmarkDotNet.Attributes;

namespace Backprop.Benchmarks;

/// <summary>
/// The loss and gradient of micrograd's 2-16-16-1 network over 100 samples: hand-written C#
/// (baseline), one compiled tape of the whole loss, and one per-sample tape run batched over
/// the samples (its per-sample parameter gradients summed).
/// </summary>
public class MlpBenchmarks
{
    private const int Samples = 100;
    private Mlp net = null!;
    private HandWrittenMlp hand = null!;
    private Tape whole = null!;
    private double[] wholeInputs = [], wholeValues = [], wholeAdjoints = [], wholeGradients = [];
    private Tape sample = null!;
    private double[] batchInputs = [], batchValues = [], batchAdjoints = [], batchGradients = [], summed = [];

    [GlobalSetup]
    public void Setup()
    {
        net = new Mlp(Samples);
        hand = new HandWrittenMlp(net);
        var parameters = net.Parameters().ToDictionary(p => p.Name, p => p.Value);

        whole = TapeModule.Compile(net.BatchLoss());
        wholeInputs = whole.Inputs(parameters);
        wholeValues = new double[whole.Length];
        wholeAdjoints = new double[whole.Length];
        wholeGradients = new double[whole.Variables.Count];

        sample = TapeModule.Compile(net.SampleLoss(Samples));
        var slots = sample.Variables.Count;
        batchInputs = new double[slots * Samples];
        for (var v = 0; v < slots; v++)
        {
            var name = sample.Variables[v];
            for (var s = 0; s < Samples; s++)
            {
                batchInputs[v * Samples + s] = name switch
                {
                    "x0" => net.X[s][0],
                    "x1" => net.X[s][1],
                    "y" => net.Y[s],
                    _ => parameters[name],
                };
            }
        }

        batchValues = new double[sample.Length * Samples];
        batchAdjoints = new double[sample.Length * Samples];
        batchGradients = new double[slots * Samples];
        summed = new double[slots];
        CheckAllAgree();
    }

    /// <summary>The three ways must compute the same loss and gradient, or the comparison means nothing.</summary>
    private void CheckAllAgree()
    {
        var byHand = HandWritten();
        var byTape = WholeLossTape();
        var byBatch = PerSampleTapeBatched();
        if (Math.Abs(byHand - byTape) > 1e-9 || Math.Abs(byHand - byBatch) > 1e-9)
        {
            throw new InvalidOperationException($"Losses differ: {byHand} {byTape} {byBatch}");
        }

        var slot = whole.SlotOf("w2_3_5");
        var batchSlot = sample.SlotOf("w2_3_5");
        if (Math.Abs(hand.GW2[3, 5] - wholeGradients[slot]) > 1e-9 || Math.Abs(hand.GW2[3, 5] - summed[batchSlot]) > 1e-9)
        {
            throw new InvalidOperationException("Gradients differ.");
        }
    }

    [Benchmark(Baseline = true)]
    public double HandWritten() => hand.LossAndGradient();

    [Benchmark]
    public double WholeLossTape() => whole.Gradient(wholeInputs, wholeValues, wholeAdjoints, wholeGradients);

    [Benchmark]
    public double PerSampleTapeBatched()
    {
        Batch.Gradient(sample, Samples, batchInputs, batchValues, batchAdjoints, batchGradients);
        var root = (sample.Length - 1) * Samples;
        var loss = 0.0;
        for (var s = 0; s < Samples; s++)
        {
            loss += batchValues[root + s];
        }

        for (var v = 0; v < summed.Length; v++)
        {
            var total = 0.0;
            for (var s = 0; s < Samples; s++)
            {
                total += batchGradients[v * Samples + s];
            }

            summed[v] = total;
        }

        return loss;
    }
}

/// <summary>Bytes per node: building an expression, and compiling it into a tape.</summary>
public class MemoryBenchmarks
{
    private Expr root = null!;

    [Params(100_000)]
    public int Nodes { get; set; }

    [GlobalSetup]
    public void Setup() => root = Graphs.RandomDag(Nodes, 0.2);

    [Benchmark]
    public Expr BuildExpression() => Graphs.RandomDag(Nodes, 0.2);

    [Benchmark]
    public Tape CompileTape() => TapeModule.Compile(root);
}
