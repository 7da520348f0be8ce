using Core = Backprop.Functional;

namespace Backprop.Fluent;

/// <summary>One evaluation of a <see cref="Computation"/>: the output's number and the number and gradient of every named node.</summary>
public sealed class ComputationResult
{
    private readonly Dictionary<string, NodeResult> byName;

    internal ComputationResult(string output, double value, IReadOnlyList<NodeResult> nodes, Core.Tape tape)
    {
        Output = output;
        Value = value;
        Nodes = nodes;
        Tape = tape;
        byName = nodes.ToDictionary(node => node.Name, StringComparer.Ordinal);
        Gradients = nodes.Where(node => node.Kind != NodeKind.Step).ToDictionary(node => node.Name, node => node.Gradient, StringComparer.Ordinal);
        Values = nodes.ToDictionary(node => node.Name, node => node.Value, StringComparer.Ordinal);
    }

    /// <summary>The output's name.</summary>
    public string Output { get; }

    /// <summary>The output's number.</summary>
    public double Value { get; }

    /// <summary>d(output)/d(variable) for every input and parameter, by name.</summary>
    public IReadOnlyDictionary<string, double> Gradients { get; }

    /// <summary>The number of every named node (inputs, parameters and steps), by name.</summary>
    public IReadOnlyDictionary<string, double> Values { get; }

    /// <summary>Every named node in declaration order; leaves that joined by their own number come last.</summary>
    public IReadOnlyList<NodeResult> Nodes { get; }

    /// <summary>The tape that computed this result (the tests check it is the computation's one tape).</summary>
    internal Core.Tape Tape { get; }

    /// <summary>The named node <paramref name="name"/>.</summary>
    /// <param name="name">The name of an input, parameter or step.</param>
    /// <exception cref="KeyNotFoundException">No node has that name.</exception>
    public NodeResult this[string name] =>
        byName.TryGetValue(Guard.NotNull(name), out var node)
            ? node
            : throw new KeyNotFoundException($"The computation has no node named '{name}'; nodes: {NameList.Format(byName.Keys)}.");

    /// <summary>d(output)/d(node) for any named node (input, parameter or step).</summary>
    /// <param name="name">The node's name.</param>
    /// <exception cref="KeyNotFoundException">No node has that name.</exception>
    public double GradientOf(string name) => this[name].Gradient;
}
