using System.Buffers;
using Core = Backprop.Functional;

namespace Backprop.Fluent;

/// <summary>
/// The tapes of a <see cref="Computation"/>, compiled once: one for the output, and one for the
/// steps the output does not depend on (so that they have values too), with each step's position.
/// </summary>
internal sealed class CompiledSteps
{
    private readonly Core.Tape output;
    private readonly Core.Tape? unused;

    private CompiledSteps(Core.Expr outputExpression, Core.Tape output, Core.Tape? unused)
    {
        OutputExpression = outputExpression;
        this.output = output;
        this.unused = unused;
    }

    /// <summary>The output's expression.</summary>
    internal Core.Expr OutputExpression { get; }

    /// <summary>Every node of both tapes (a node may appear twice).</summary>
    internal IEnumerable<Core.Expr> Nodes => unused is null ? output.Graph.Nodes : output.Graph.Nodes.Concat(unused.Graph.Nodes);

    internal static CompiledSteps Compile(Value outputValue, IEnumerable<Declaration> declarations)
    {
        var outputTape = Core.TapeModule.Compile(outputValue.Expression);
        var unusedSteps = declarations
            .Where(declaration => declaration.Kind == NodeKind.Step && !FSharpInterop.TryIndexOf(outputTape.Graph, declaration.Value.Expression, out _))
            .Select(declaration => declaration.Value.Expression)
            .ToArray();
        // The sum only gives the unused steps a common root; its own value is never read.
        var unusedTape = unusedSteps.Length == 0 ? null : Core.TapeModule.Compile(Core.ExprModule.Sum(unusedSteps));
        return new CompiledSteps(outputValue.Expression, outputTape, unusedTape);
    }

    /// <summary>Runs the output tape forward and backward, and the other tape forward, on <paramref name="numbers"/>.</summary>
    internal Run Run(IReadOnlyDictionary<string, double> numbers)
    {
        var gradients = Core.Gradient.OfTape(output, output.Inputs(numbers));
        double[]? unusedValues = null;
        if (unused is not null)
        {
            unusedValues = new double[unused.Length];
            unused.Forward(unused.Inputs(numbers), unusedValues);
        }

        return new Run(gradients, unused, unusedValues);
    }

    /// <summary>
    /// Runs the output tape forward and backward for every sample on all cores (the core's
    /// <c>Batch.Run</c>); the rows are in the tape's slot order.
    /// </summary>
    internal Core.BatchResult RunBatch(IEnumerable<IReadOnlyDictionary<string, double>> samples) =>
        Core.Batch.Run(output, samples.Select(output.Inputs).ToArray());

    /// <summary>
    /// One forward and reverse sweep of the output tape with numbers in the caller's order:
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

    /// <summary>The output tape's variables, in slot order (the order of a batch's gradients).</summary>
    internal IReadOnlyList<string> OutputVariables => output.Variables;
}

/// <summary>The numbers of one evaluation of <see cref="CompiledSteps"/>.</summary>
internal sealed class Run(Core.Gradients gradients, Core.Tape? unused, double[]? unusedValues)
{
    internal double Output => gradients.Value;

    internal Core.Tape Tape => gradients.Tape;

    internal double GradientOfVariable(string name) => gradients.Variables.GetValueOrDefault(name);

    internal double GradientOf(Value node) => gradients.Of(node.Expression);

    internal double ValueOf(Value node) =>
        FSharpInterop.TryIndexOf(gradients.Tape.Graph, node.Expression, out var index)
            ? gradients.NodeValues[index]
            : unusedValues![IndexIn(unused!, node)];

    private static int IndexIn(Core.Tape tape, Value node) =>
        FSharpInterop.TryIndexOf(tape.Graph, node.Expression, out var index)
            ? index
            : throw new InvalidOperationException("A step is missing from both compiled tapes.");
}
