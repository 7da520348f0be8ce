using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;
using Core = Backprop.Functional;

namespace Backprop.Fluent;

/// <summary>
/// The one place that touches F#-specific types of the core (its union, options, lists and
/// records), so that the rest of the facade reads as plain C# and nothing F# leaks out.
/// </summary>
internal static class FSharpInterop
{
    /// <summary>The name of a variable node; false for every other kind of node.</summary>
    internal static bool TryGetVariableName(Core.Expr node, out string name)
    {
        if (node.Node is Core.Node.Var variable)
        {
            name = variable.name;
            return true;
        }

        name = string.Empty;
        return false;
    }

    /// <summary>The position of <paramref name="node"/> in the graph's topological order, if it is part of it.</summary>
    internal static bool TryIndexOf(Core.Graph graph, Core.Expr node, out int index)
    {
        var found = graph.TryIndexOf(node);
        index = found.IsSome ? found.Value : -1;
        return found.IsSome;
    }

    internal static Core.CheckOptions ToCore(GradientCheckOptions options) => new(options.Step, options.Tolerance);

    internal static GradientCheckOptions FromCore(Core.CheckOptions options) => new(options.Step, options.Tolerance);

    internal static GradientCheckReport FromCore(Core.CheckReport report) =>
        new(report.Value, report.Step, report.Tolerance, report.Ok, ToReadOnlyList(report.Variables, FromCore));

    private static VariableGradientCheck FromCore(Core.VariableCheck check) =>
        new(check.Name, check.Value, check.Analytic, check.Numeric, check.Error, check.Ok);

    internal static Core.Shape VectorShape(int length) => Core.Shape.NewVector(length);

    internal static Core.Shape MatrixShape(int rows, int columns) => Core.Shape.NewMatrix(rows, columns);

    /// <summary>A tensor's sizes: its length, or its rows and columns.</summary>
    internal static int[] DimensionsOf(Core.Tensor tensor) => tensor.Shape.Dimensions;

    /// <summary>The name a tensor carries for error messages, if any.</summary>
    internal static string? NameOf(Core.Tensor tensor) => tensor.Name?.Value;

    /// <summary>The core's element-wise map, with a C# function over values.</summary>
    internal static Core.Tensor Map(Core.Tensor tensor, Func<Value, Value> function) =>
        Core.TensorModule.Map(
            FuncConvert.FromFunc<Core.Expr, Core.Expr>(element =>
                Guard.NotNull(function(Value.FromExpression(element)), nameof(function)).Expression),
            tensor);

    /// <summary>The core's bindings of tensor elements (a list of name–number pairs) as a dictionary.</summary>
    internal static IReadOnlyDictionary<string, double> ToDictionary(FSharpList<Tuple<string, double>> bindings) =>
        bindings.ToDictionary(pair => pair.Item1, pair => pair.Item2, StringComparer.Ordinal);

    private static IReadOnlyList<TResult> ToReadOnlyList<TSource, TResult>(FSharpList<TSource> list, Func<TSource, TResult> convert) =>
        list.Select(convert).ToArray();
}
