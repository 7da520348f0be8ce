using Backprop.Fluent;
using Backprop.Functional;
using BenchmarkDotNet.Attributes;

namespace Backprop.Benchmarks;

/// <summary>
/// Issue 16's per-sample loss of <see cref="TanhMlp"/> (2-16-16-1 tanh, 337 parameters) over 10,000
/// samples, every sample's value and gradient: the core's <c>Batch.Run</c> on rows already in the
/// tape's slot order (the baseline), and the C# facade's <see cref="Computation.EvaluateBatch(IReadOnlyList{IReadOnlyList{double}})"/>
/// on the same network declared with inputs x0, x1, y and the weights as parameters, given rows
/// of inputs and given dictionaries by name. The facade's cost over the baseline is what it
/// spends turning samples into slot-ordered rows and wrapping the result.
/// </summary>
public class FluentBatchBenchmarks
{
    private const int Samples = 10_000;
    private TanhMlp net = null!;
    private Tape tape = null!;
    private Computation computation = null!;
    private double[][] slotRows = [];
    private IReadOnlyList<IReadOnlyList<double>> inputRows = [];
    private IReadOnlyList<IReadOnlyDictionary<string, double>> namedSamples = [];

    [GlobalSetup]
    public void Setup()
    {
        net = new TanhMlp(Samples);
        tape = TapeModule.Compile(TanhMlp.SampleLoss(Samples));
        computation = Network(net, Samples);
        var parameters = net.Parameters().ToDictionary(p => p.Name, p => p.Value);
        var shared = tape.Variables.Select(name => parameters.GetValueOrDefault(name)).ToArray();
        var (x0, x1, y) = (tape.SlotOf("x0"), tape.SlotOf("x1"), tape.SlotOf("y"));
        slotRows = Enumerable.Range(0, Samples).Select(s =>
        {
            var row = (double[])shared.Clone();
            (row[x0], row[x1], row[y]) = (net.X[s][0], net.X[s][1], net.Y[s]);
            return row;
        }).ToArray();
        inputRows = Enumerable.Range(0, Samples)
            .Select(s => (IReadOnlyList<double>)[net.X[s][0], net.X[s][1], net.Y[s]])
            .ToArray();
        namedSamples = Enumerable.Range(0, Samples)
            .Select(s => (IReadOnlyDictionary<string, double>)new Dictionary<string, double>
            {
                ["x0"] = net.X[s][0],
                ["x1"] = net.X[s][1],
                ["y"] = net.Y[s],
            })
            .ToArray();
        CheckAllAgree();
    }

    /// <summary>The same network as <see cref="TanhMlp.SampleLoss"/>, operation for operation, as a C# computation.</summary>
    private static Computation Network(TanhMlp net, int samples)
    {
        const int H = TanhMlp.Hidden;
        var builder = Computation.Define().WithInput("x0").WithInput("x1").WithInput("y");
        foreach (var (name, value) in net.Parameters())
        {
            builder = builder.WithParameter(name, value);
        }

        return builder.WithOutput("loss", s =>
        {
            var h1 = new Fluent.Value[H];
            for (var i = 0; i < H; i++)
            {
                h1[i] = (s[$"w1_{i}_0"] * s["x0"] + s[$"w1_{i}_1"] * s["x1"] + s[$"b1_{i}"]).Tanh();
            }

            var h2 = new Fluent.Value[H];
            for (var i = 0; i < H; i++)
            {
                var z = s[$"b2_{i}"];
                for (var j = 0; j < H; j++)
                {
                    z = s[$"w2_{i}_{j}"] * h1[j] + z;
                }

                h2[i] = z.Tanh();
            }

            var score = s["b3"];
            for (var i = 0; i < H; i++)
            {
                score = s[$"w3_{i}"] * h2[i] + score;
            }

            var error = score - s["y"];
            return error * error * (1.0 / samples);
        }).Build();
    }

    /// <summary>Every way must give every sample the same value and gradient, or the comparison means nothing.</summary>
    private void CheckAllAgree()
    {
        var expected = FSharpBatchRun();
        var slot = tape.SlotOf("w2_3_5");
        void Check(string name, Fluent.BatchResult result)
        {
            for (var s = 0; s < Samples; s++)
            {
                var value = expected.Values.Span[s];
                var gradient = expected.Gradients[s].Span[slot];
                if (Math.Abs(result.Values[s] - value) > 1e-15 || Math.Abs(result.Gradients[s]["w2_3_5"] - gradient) > 1e-15)
                {
                    throw new InvalidOperationException(
                        $"{name}, sample {s}: value {result.Values[s]} gradient {result.Gradients[s]["w2_3_5"]}; Batch.Run {value} {gradient}");
                }
            }
        }

        Check("rows", CSharpEvaluateBatchRows());
        Check("dictionaries", CSharpEvaluateBatchDictionaries());
    }

    [Benchmark(Baseline = true)]
    public Functional.BatchResult FSharpBatchRun() => Batch.Run(tape, slotRows);

    [Benchmark]
    public Fluent.BatchResult CSharpEvaluateBatchRows() => computation.EvaluateBatch(inputRows);

    [Benchmark]
    public Fluent.BatchResult CSharpEvaluateBatchDictionaries() => computation.EvaluateBatch(namedSamples);
}
