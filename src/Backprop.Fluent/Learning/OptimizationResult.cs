namespace Backprop.Fluent.Learning;

/// <summary>The outcome of <see cref="GradientDescent.Run(Value, OptimizationOptions)"/>.</summary>
public sealed class OptimizationResult
{
    internal OptimizationResult(int steps, double value, bool reachedTarget, IReadOnlyDictionary<string, double> variables)
    {
        Steps = steps;
        Value = value;
        ReachedTarget = reachedTarget;
        Variables = variables;
    }

    /// <summary>How many updates were made.</summary>
    public int Steps { get; }

    /// <summary>The value at the final numbers of the variables.</summary>
    public double Value { get; }

    /// <summary>Whether the run stopped because it reached <see cref="OptimizationOptions.Target"/>.</summary>
    public bool ReachedTarget { get; }

    /// <summary>Every variable with its final number, by name.</summary>
    public IReadOnlyDictionary<string, double> Variables { get; }

    /// <summary>
    /// The outcome in one line, with the first ten variables:
    /// <c>after 57 steps: value 9.1476e-05 (target reached), w0=2.774087133068954, w1=-1.4518257338620955</c>.
    /// </summary>
    public override string ToString()
    {
        const int shown = 10;
        var variables = Variables.Take(shown).Select(kv => FormattableString.Invariant($", {kv.Key}={kv.Value:R}"));
        var rest = Variables.Count > shown ? $", … {Variables.Count - shown} more" : "";
        var target = ReachedTarget ? " (target reached)" : "";
        return FormattableString.Invariant($"after {Steps} {(Steps == 1 ? "step" : "steps")}: value {Value:G6}{target}") + string.Concat(variables) + rest;
    }
}
