using Core = Backprop.Functional;

namespace Backprop.Fluent;

/// <summary>
/// Settings of a numeric gradient check: the step <c>h</c> of the central differences
/// <c>(f(x+h) - f(x-h)) / 2h</c> and the tolerance. Immutable; start from <see cref="Default"/>
/// and change it with <see cref="WithStep"/> and <see cref="WithTolerance"/>.
/// </summary>
public sealed class GradientCheckOptions
{
    internal GradientCheckOptions(double step, double tolerance)
    {
        Step = step;
        Tolerance = tolerance;
    }

    /// <summary>The core's defaults: step <c>1e-6</c> and tolerance <c>1e-6</c>.</summary>
    public static GradientCheckOptions Default { get; } = FSharpInterop.FromCore(Core.NumericCheck.defaults);

    /// <summary>The step <c>h</c> of the central differences.</summary>
    public double Step { get; }

    /// <summary>The relative-or-absolute tolerance: a variable passes when <c>|a - n| ≤ tolerance · max(1, |a|, |n|)</c>.</summary>
    public double Tolerance { get; }

    /// <summary>These options with another step.</summary>
    /// <param name="step">A positive, finite step.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is not positive and finite.</exception>
    public GradientCheckOptions WithStep(double step) => new(Positive(step), Tolerance);

    /// <summary>These options with another tolerance.</summary>
    /// <param name="tolerance">A positive, finite tolerance.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> is not positive and finite.</exception>
    public GradientCheckOptions WithTolerance(double tolerance) => new(Step, Positive(tolerance));

    private static double Positive(double number, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(number))] string? name = null) =>
        double.IsFinite(number) && number > 0.0
            ? number
            : throw new ArgumentOutOfRangeException(name, number, "Must be a positive, finite number.");
}
