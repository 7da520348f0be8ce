namespace Backprop.Fluent;

/// <summary>One named node declared by a <see cref="ComputationBuilder"/>: its kind, its value in the graph, and a parameter's number.</summary>
internal sealed record Declaration(string Name, NodeKind Kind, Value Value, double InitialNumber = 0.0)
{
    internal bool IsVariable => Kind != NodeKind.Step;
}
