using Backprop.Functional;
using BenchmarkDotNet.Attributes;

namespace Backprop.Benchmarks;

/// <summary>
/// A compiled tape run again and again: forward only against forward + reverse (the cheap-gradient
/// principle says the gradient should cost a small constant times the forward pass).
/// </summary>
public class CompiledBenchmarks
{
    private Tape tape = null!;
    private double[] inputs = [];
    private double[] values = [];
    private double[] adjoints = [];
    private double[] gradients = [];

    [Params(100_000)]
    public int Nodes { get; set; }

    /// <summary>"tanh20": 20% tanh and 80% + and *; "addmul": + and * only.</summary>
    [Params("tanh20", "addmul")]
    public string Mix { get; set; } = "tanh20";

    [GlobalSetup]
    public void Setup()
    {
        tape = TapeModule.Compile(Graphs.RandomDag(Nodes, tanhShare: Mix == "tanh20" ? 0.2 : 0.0));
        inputs = tape.Inputs(Graphs.Inputs());
        values = new double[tape.Length];
        adjoints = new double[tape.Length];
        gradients = new double[tape.Variables.Count];
    }

    [Benchmark(Baseline = true)]
    public double Forward() => tape.Forward(inputs, values);

    [Benchmark]
    public double ForwardAndReverse() => tape.Gradient(inputs, values, adjoints, gradients);
}

/// <summary>
/// One tape, many samples: each opcode applied to a span of 64 samples. Nodes here counts
/// node-samples (tape nodes × samples) per operation.
/// </summary>
public class BatchedBenchmarks
{
    private const int Samples = 64;
    private Tape tape = null!;
    private double[] inputs = [];
    private double[] values = [];
    private double[] adjoints = [];
    private double[] gradients = [];

    [Params("tanh20", "addmul")]
    public string Mix { get; set; } = "tanh20";

    /// <summary>Node-samples per operation (set in setup from the tape's length).</summary>
    [Params(10_000 * Samples)]
    public int Nodes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        tape = TapeModule.Compile(Graphs.RandomDag(Nodes / Samples, tanhShare: Mix == "tanh20" ? 0.2 : 0.0));
        var one = tape.Inputs(Graphs.Inputs());
        inputs = new double[one.Length * Samples];
        for (var v = 0; v < one.Length; v++)
        {
            for (var s = 0; s < Samples; s++)
            {
                inputs[v * Samples + s] = one[v] * (1 + 0.001 * s);
            }
        }

        values = new double[tape.Length * Samples];
        adjoints = new double[tape.Length * Samples];
        gradients = new double[tape.Variables.Count * Samples];
    }

    [Benchmark]
    public void BatchedForward() => Batch.Forward(tape, Samples, inputs, values);

    [Benchmark]
    public void BatchedForwardAndReverse() => Batch.Gradient(tape, Samples, inputs, values, adjoints, gradients);
}
