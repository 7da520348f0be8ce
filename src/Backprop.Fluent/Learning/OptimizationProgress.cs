namespace Backprop.Fluent.Learning;

/// <summary>The state of an optimisation after an evaluation, as the progress callback of <see cref="GradientDescent"/> sees it.</summary>
public sealed class OptimizationProgress
{
    internal OptimizationProgress(int step, double value)
    {
        Step = step;
        Value = value;
    }

    /// <summary>How many updates were made before this evaluation.</summary>
    public int Step { get; }

    /// <summary>The value at this point.</summary>
    public double Value { get; }

    /// <summary>A progress line, e.g. <c>step 3 value 0.25</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"step {Step} value {Value:R}");
}
