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
    /// Bindings for every variable of a compiled tape: <paramref name="overrides"/> where they name
    /// it, else the leaf's own number. O(nodes), over the nodes the tape's compile already found.
    /// </summary>
    /// <exception cref="InvalidOperationException">A variable has no number, or two leaves share a name but not a number.</exception>
    internal static Dictionary<string, double> Collect(Core.Tape tape, IReadOnlyDictionary<string, double> overrides)
    {
        var bindings = LeafNumbers(tape.Graph.Nodes, overrides.ContainsKey, out var missing);
        if (missing.Count > 0)
        {
            var name = missing[0];
            throw new InvalidOperationException(
                $"The variable '{name}' has no value: create it with Value.Of(number, \"{name}\") " +
                $"or pass a value for \"{name}\" in the bindings.");
        }

        foreach (var pair in overrides)
        {
            bindings[pair.Key] = pair.Value;
        }

        return bindings;
    }

    /// <summary>
    /// The numbers leaves among <paramref name="nodes"/> were created with, by name, skipping names
    /// for which <paramref name="isBound"/> holds; <paramref name="missing"/> gets the names of the
    /// other variables that have no number, each once, in the order met.
    /// </summary>
    /// <exception cref="InvalidOperationException">Two leaves share a name but not a number.</exception>
    internal static Dictionary<string, double> LeafNumbers(IEnumerable<Core.Expr> nodes, Func<string, bool> isBound, out List<string> missing)
    {
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        var missingNames = new HashSet<string>(StringComparer.Ordinal);
        missing = [];
        foreach (var node in nodes)
        {
            if (!FSharpInterop.TryGetVariableName(node, out var name) || isBound(name))
            {
                continue;
            }

            if (!Leaves.TryGetNumber(node, out var number))
            {
                if (missingNames.Add(name))
                {
                    missing.Add(name);
                }
            }
            else if (numbers.TryGetValue(name, out var earlier) && !earlier.Equals(number))
            {
                throw new InvalidOperationException(
                    $"Two different values are both named '{name}' ({Format(earlier)} and {Format(number)}); " +
                    "a name stands for one variable, so give them different names.");
            }
            else
            {
                numbers[name] = number;
            }
        }

        // A name used both by a leaf with a number and by a bare variable is the leaf's variable.
        missing.RemoveAll(numbers.ContainsKey);
        return numbers;
    }

    private static string Format(double number) => number.ToString("R", CultureInfo.InvariantCulture);
}
