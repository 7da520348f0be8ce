using Backprop.Functional;
using BenchmarkDotNet.Attributes;

namespace Backprop.Benchmarks;

/// <summary>
/// tanh per sample: a 100-deep chain tanh(tanh(…(x))) over 128 samples, the batch's vectorised
/// tanh against the scalar tape's <c>Math.Tanh</c> sample by sample. <c>Nodes</c> is the
/// node-samples of one operation, so Mnodes/s reads as millions of tanh per second.
/// </summary>
public class TanhBenchmarks
{
    private const int Samples = 128;
    private const int Depth = 100;
    private Tape tape = null!;
    private double[] inputs = [], values = [], one = [], scalarValues = [];

    [Params(Depth * Samples)]
    public int Nodes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var e = ExprModule.Variable("x");
        for (var k = 0; k < Depth; k++)
        {
            e = ExprModule.Tanh(e);
        }

        tape = TapeModule.Compile(e);
        inputs = Enumerable.Range(0, Samples).Select(s => s / 50.0 - 1.3).ToArray();
        values = new double[tape.Length * Samples];
        one = new double[1];
        scalarValues = new double[tape.Length];
    }

    [Benchmark(Baseline = true)]
    public double ScalarTapeSampleBySample()
    {
        var total = 0.0;
        for (var s = 0; s < Samples; s++)
        {
            one[0] = inputs[s];
            total += tape.Forward(one, scalarValues);
        }

        return total;
    }

    [Benchmark]
    public double Batch()
    {
        Backprop.Functional.Batch.Forward(tape, Samples, inputs, values);
        return values[^1];
    }
}
