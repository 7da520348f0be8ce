using System.Buffers;
using Core = Backprop.Functional;

namespace Backprop.Fluent;

/// <summary>
/// The tape of a <see cref="Computation"/>, compiled once: the output's graph, then the steps the
/// output does not depend on (so that they have values too; their gradient is 0).
/// </summary>
internal sealed class CompiledSteps
{
    private readonly Core.Tape output;
    private readonly object sumLock = new();
    private Core.BatchSum? sum;

    private CompiledSteps(Core.Expr outputExpression, Core.Tape output)
    {
        OutputExpression = outputExpression;
        this.output = output;
    }

    /// <summary>The output's expression.</summary>
    internal Core.Expr OutputExpression { get; }

    /// <summary>Every node of the tape.</summary>
    internal IEnumerable<Core.Expr> Nodes => output.Graph.Nodes;

    internal static CompiledSteps Compile(Value outputValue, IEnumerable<Declaration> declarations)
    {
        var steps = declarations
            .Where(declaration => declaration.Kind == NodeKind.Step)
            .Select(declaration => declaration.Value.Expression);
        return new CompiledSteps(outputValue.Expression, Core.TapeModule.CompileRoots(outputValue.Expression, steps));
    }

    /// <summary>Runs the tape forward and backward on <paramref name="numbers"/>.</summary>
    internal Run Run(IReadOnlyDictionary<string, double> numbers) =>
        new(Core.Gradient.OfTape(output, output.Inputs(numbers)));

    /// <summary>
    /// Runs the tape forward and backward for every sample on all cores (the core's
    /// <c>Batch.Run</c>); each row holds a sample's numbers in the tape's slot order.
    /// </summary>
    internal Core.BatchResult RunBatch(double[][] rows) => Core.Batch.Run(output, rows);

    /// <summary>
    /// The core's sum over samples (<c>BatchSum</c>), built on first use for these per-sample
    /// slots and kept with its workers' buffers; one run at a time, as the core's object allows.
    /// </summary>
    internal double Sum(int[] sampleSlots, double[] shared, double[] samples, int count, double[] gradients, int threads)
    {
        lock (sumLock)
        {
            if (sum is null || !sum.SampleSlots.AsSpan().SequenceEqual(sampleSlots))
            {
                sum = new Core.BatchSum(output, sampleSlots);
            }

            return sum.Run(shared, samples, count, gradients, threads);
        }
    }

    /// <summary>
    /// One forward and reverse sweep of the tape with numbers in the caller's order:
    /// <paramref name="positionOfSlot"/>[s] is the position in <paramref name="numbers"/> and
    /// <paramref name="gradients"/> of the tape's slot s. Buffers come from the shared array pool,
    /// so a call allocates nothing once the pool is warm.
    /// </summary>
    internal double Sweep(int[] positionOfSlot, ReadOnlySpan<double> numbers, Span<double> gradients)
    {
        var slots = output.Variables.Count;
        var pool = ArrayPool<double>.Shared;
        double[] inputs = pool.Rent(slots), slotGradients = pool.Rent(slots), values = pool.Rent(output.Length), adjoints = pool.Rent(output.Length);
        try
        {
            for (var slot = 0; slot < slots; slot++)
            {
                inputs[slot] = numbers[positionOfSlot[slot]];
            }

            var value = output.Gradient(inputs, values, adjoints, slotGradients);
            gradients.Clear();
            for (var slot = 0; slot < slots; slot++)
            {
                gradients[positionOfSlot[slot]] = slotGradients[slot];
            }

            return value;
        }
        finally
        {
            pool.Return(inputs);
            pool.Return(slotGradients);
            pool.Return(values);
            pool.Return(adjoints);
        }
    }

    /// <summary>The tape's variables, in slot order (the order of a batch's gradients).</summary>
    internal IReadOnlyList<string> OutputVariables => output.Variables;
}

/// <summary>The numbers of one evaluation of <see cref="CompiledSteps"/>.</summary>
internal sealed class Run(Core.Gradients gradients)
{
    internal double Output => gradients.Value;

    internal Core.Tape Tape => gradients.Tape;

    internal double GradientOfVariable(string name) => gradients.Variables.GetValueOrDefault(name);

    internal double GradientOf(Value node) => gradients.Of(node.Expression);

    internal double ValueOf(Value node) => gradients.ValueOf(node.Expression);
}
