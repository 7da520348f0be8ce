using System.Runtime.CompilerServices;
using Core = Backprop.Functional;

namespace Backprop.Fluent;

/// <summary>
/// Remembers the number each leaf was created with. The core's variables carry only a name; their
/// values come from bindings. A C# <see cref="Value"/> leaf holds its number, so the facade keeps
/// it beside the leaf's variable node and gathers the bindings when a computation runs.
/// </summary>
/// <remarks>
/// The table is keyed by node identity and holds its entries weakly: a leaf's number lives exactly
/// as long as its node, and creating a value costs O(1) whatever the size of the graph.
/// </remarks>
internal static class Leaves
{
    private static readonly ConditionalWeakTable<Core.Expr, StrongBox<double>> NumberOfNode = new();
    private static long unnamedCount;

    /// <summary>A new variable node holding <paramref name="number"/>.</summary>
    internal static Core.Expr Create(string name, double number)
    {
        var node = Core.ExprModule.Variable(name);
        NumberOfNode.Add(node, new StrongBox<double>(number));
        return node;
    }

    /// <summary>A fresh name for a leaf created without one: <c>$1</c>, <c>$2</c>, … (users cannot start a name with <c>$</c>).</summary>
    internal static string UnnamedName() => Guard.ReservedPrefix + Interlocked.Increment(ref unnamedCount);

    internal static bool TryGetNumber(Core.Expr node, out double number)
    {
        if (NumberOfNode.TryGetValue(node, out var box))
        {
            number = box.Value;
            return true;
        }

        number = 0.0;
        return false;
    }
}
