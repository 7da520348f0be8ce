namespace Backprop.Fluent;

/// <summary>The number and gradient of one named node in one evaluation of a <see cref="Computation"/>.</summary>
public sealed class NodeResult
{
    internal NodeResult(string name, NodeKind kind, double value, double gradient)
    {
        Name = name;
        Kind = kind;
        Value = value;
        Gradient = gradient;
    }

    /// <summary>The node's name.</summary>
    public string Name { get; }

    /// <summary>Whether the node is an input, a parameter or a step.</summary>
    public NodeKind Kind { get; }

    /// <summary>The node's number.</summary>
    public double Value { get; }

    /// <summary>d(output)/d(node); 0 when the output does not depend on it.</summary>
    public double Gradient { get; }

    /// <summary>A one-line summary, e.g. <c>w1 (Parameter): value -3, gradient 1</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"{Name} ({Kind}): value {Value:R}, gradient {Gradient:R}");
}
