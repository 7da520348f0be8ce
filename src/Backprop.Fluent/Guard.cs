using System.Runtime.CompilerServices;

namespace Backprop.Fluent;

/// <summary>
/// The checks every public entry point makes before handing anything to the core, so that bad
/// input fails at the boundary with a message that names the culprit.
/// </summary>
internal static class Guard
{
    /// <summary>Prefix of the names given to unnamed leaves; users may not start a name with it.</summary>
    internal const string ReservedPrefix = "$";

    internal static T NotNull<T>(T? argument, [CallerArgumentExpression(nameof(argument))] string? parameterName = null)
        where T : class =>
        argument ?? throw new ArgumentNullException(parameterName);

    /// <summary>NaN is rejected where it enters: a NaN input would otherwise surface only as a NaN gradient far away.</summary>
    internal static double Number(double value, [CallerArgumentExpression(nameof(value))] string? parameterName = null) =>
        double.IsNaN(value)
            ? throw new ArgumentException($"'{parameterName}' is NaN; an input must be a number (infinities are allowed).", parameterName)
            : value;

    internal static double NumberOf(string variable, double value, string parameterName) =>
        double.IsNaN(value)
            ? throw new ArgumentException($"The value given for '{variable}' is NaN; an input must be a number (infinities are allowed).", parameterName)
            : value;

    internal static string Name(string? name, [CallerArgumentExpression(nameof(name))] string? parameterName = null)
    {
        NotNull(name, parameterName);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A name must contain a non-blank character.", parameterName);
        }

        if (name.StartsWith(ReservedPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The name '{name}' starts with '{ReservedPrefix}', which is reserved for unnamed values.", parameterName);
        }

        return name;
    }

    /// <summary>Checks a caller's dictionary of numbers: not null, and no NaN anywhere in it.</summary>
    internal static IReadOnlyDictionary<string, double> Bindings(
        IReadOnlyDictionary<string, double>? bindings,
        [CallerArgumentExpression(nameof(bindings))] string? parameterName = null)
    {
        var checkedBindings = NotNull(bindings, parameterName);
        foreach (var pair in checkedBindings)
        {
            NumberOf(pair.Key, pair.Value, parameterName!);
        }

        return checkedBindings;
    }
}
