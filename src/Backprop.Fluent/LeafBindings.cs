using System.Globalization;
using Core = Backprop.Functional;

namespace Backprop.Fluent;

/// <summary>
/// Gathers the value of every variable of an expression into the bindings the core reads:
/// the caller's bindings first, then the numbers leaves were created with.
/// </summary>
internal static class LeafBindings
{
    /// <summary>
    /// Bindings for every variable of <paramref name="root"/>. O(nodes): one traversal of the graph.
    /// Throws <see cref="InvalidOperationException"/> naming a variable that has no number, or a
    /// name held by two leaves with different numbers.
    /// </summary>
    internal static Dictionary<string, double> Collect(Core.Expr root, IReadOnlyDictionary<string, double>? overrides)
    {
        var bindings = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var node in Core.GraphModule.OfExpr(root).Nodes)
        {
            if (!FSharpInterop.TryGetVariableName(node, out var name))
            {
                continue;
            }

            if (overrides is not null && overrides.TryGetValue(name, out var given))
            {
                bindings[name] = given;
            }
            else if (Leaves.TryGetNumber(node, out var number))
            {
                if (bindings.TryGetValue(name, out var earlier) && !earlier.Equals(number))
                {
                    throw new InvalidOperationException(
                        $"Two different values are both named '{name}' ({earlier.ToString("R", CultureInfo.InvariantCulture)} and {number.ToString("R", CultureInfo.InvariantCulture)}); " +
                        "a name stands for one variable, so give them different names.");
                }

                bindings[name] = number;
            }
            else
            {
                throw new InvalidOperationException(
                    $"The variable '{name}' has no value: create it with Value.Of(number, \"{name}\") " +
                    $"or pass a value for \"{name}\" in the bindings.");
            }
        }

        return bindings;
    }
}
