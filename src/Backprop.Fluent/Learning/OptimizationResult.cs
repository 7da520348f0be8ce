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
}
