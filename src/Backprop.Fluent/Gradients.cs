using Core = Backprop.Functional;

namespace Backprop.Fluent;

/// <summary>
/// The result of <see cref="Value.Backward()"/>: the output's number, and the gradient of the
/// output with respect to any node (by <see cref="Value"/>) and any variable (by name).
/// Immutable; every read is O(1).
/// </summary>
public sealed class Gradients
{
    private readonly Core.Gradients core;

    internal Gradients(Core.Gradients core) => this.core = core;

    /// <summary>The core's result, for the notebook display.</summary>
    internal Core.Gradients CoreResult => core;

    /// <summary>The number of the value <see cref="Value.Backward()"/> was called on.</summary>
    public double Value => core.Value;

    /// <summary>
    /// The gradient of the output with respect to every variable, by name
    /// (for leaves created without a name: <c>$1</c>, <c>$2</c>, …).
    /// </summary>
    public IReadOnlyDictionary<string, double> Variables => core.Variables;

    /// <summary>
    /// d(output)/d(<paramref name="node"/>). For a variable this is the gradient of its name, summed
    /// over every place it is used; for any other node, the gradient flowing into that node.
    /// 0 for a value the output does not depend on.
    /// </summary>
    /// <param name="node">A value of the computation, named or not.</param>
    /// <exception cref="ArgumentNullException"><paramref name="node"/> is null.</exception>
    public double this[Value node]
    {
        get
        {
            Guard.NotNull(node);
            return node.Name is { } name
                ? core.Variables.GetValueOrDefault(name)
                : core.Of(node.Expression);
        }
    }

    /// <summary>d(output)/d(variable) by the variable's name.</summary>
    /// <param name="variable">A variable's name.</param>
    /// <exception cref="KeyNotFoundException">The output does not use a variable of that name.</exception>
    public double this[string variable] => core[Guard.NotNull(variable)];

    /// <summary>
    /// d(output)/d(element) for every element of <paramref name="vector"/>, in order: for a leaf or
    /// variable element the gradient of its name, otherwise of its node; 0 where the output does
    /// not depend on it. O(length).
    /// </summary>
    /// <param name="vector">A vector of the computation.</param>
    public double[] Of(ValueVector vector) => Core.TensorModule.Gradient(core, Guard.NotNull(vector).Tensor);

    /// <summary>d(output)/d(element) for every element of <paramref name="matrix"/>, shaped like it: <c>result[i, j] = d(output)/d(W[i, j])</c>. O(rows · columns).</summary>
    /// <param name="matrix">A matrix of the computation.</param>
    public double[,] Of(ValueMatrix matrix) => Core.TensorModule.GradientMatrix(core, Guard.NotNull(matrix).Tensor);

    /// <summary>The number of every element of <paramref name="vector"/> in this pass.</summary>
    /// <param name="vector">A vector the output was computed from.</param>
    /// <exception cref="KeyNotFoundException">An element is not part of the computation.</exception>
    public double[] ValuesOf(ValueVector vector) => Core.TensorModule.Values(core, Guard.NotNull(vector).Tensor);

    /// <summary>The number a node of the computation had in this pass (for an intermediate, as micrograd's <c>.data</c>).</summary>
    /// <param name="node">A value the output was computed from.</param>
    /// <exception cref="KeyNotFoundException"><paramref name="node"/> is not part of the computation.</exception>
    public double ValueOf(Value node) => core.ValueOf(Guard.NotNull(node).Expression);

    /// <summary>
    /// The value and the first ten variables' gradients, as micrograd prints a value:
    /// <c>Gradients(value=0.7071067811865477, x1=-1.4999999999999993, w1=0.9999999999999996)</c>;
    /// longer ones end with the number of the rest.
    /// </summary>
    public override string ToString()
    {
        const int shown = 10;
        var parts = core.Variables.Take(shown).Select(kv => FormattableString.Invariant($"{kv.Key}={kv.Value:R}"));
        var rest = core.Variables.Count > shown ? $", … {core.Variables.Count - shown} more" : "";
        return FormattableString.Invariant($"Gradients(value={core.Value:R}") +
            string.Concat(parts.Select(p => ", " + p)) + rest + ")";
    }
}
