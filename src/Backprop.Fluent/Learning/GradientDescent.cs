using Core = Backprop.Functional;

namespace Backprop.Fluent.Learning;

/// <summary>
/// Gradient descent and ascent over the variables of a <see cref="Value"/>, on its tape compiled
/// once: each round evaluates the value and gradient, reports them, stops at the target or after
/// the steps, and otherwise moves the chosen variables. O(steps × nodes).
/// </summary>
/// <example>
/// <code>
/// var w = ValueVector.Of([2.0, -3.0], "w");
/// var loss = (w.Dot(ValueVector.Constant([-1.0, -2.0])).Sigmoid() - 0.12).Pow(2);
/// var result = GradientDescent.Run(loss, OptimizationOptions.Default.WithSteps(100_000).WithTarget(1e-4));
/// </code>
/// </example>
public static class GradientDescent
{
    /// <summary>Optimises <paramref name="objective"/> from the numbers its leaves hold.</summary>
    /// <param name="objective">The value to make smaller (or larger).</param>
    /// <param name="options">The optimisation.</param>
    /// <exception cref="ArgumentException">The options are unusable, a parameter is not a variable of the value, or the value became NaN (the message says which).</exception>
    /// <exception cref="InvalidOperationException">A variable has no number.</exception>
    public static OptimizationResult Run(Value objective, OptimizationOptions options) =>
        Run(objective, options, static _ => { });

    /// <summary>Optimises <paramref name="objective"/> from the numbers its leaves hold, reporting every evaluation.</summary>
    /// <param name="objective">The value to make smaller (or larger).</param>
    /// <param name="options">The optimisation.</param>
    /// <param name="progress">Called after each evaluation, on the calling thread.</param>
    /// <exception cref="ArgumentException">The options are unusable, a parameter is not a variable of the value, or the value became NaN (the message says which).</exception>
    /// <exception cref="InvalidOperationException">A variable has no number.</exception>
    public static OptimizationResult Run(Value objective, OptimizationOptions options, Action<OptimizationProgress> progress) =>
        Run(objective, new Dictionary<string, double>(), options, progress);

    /// <summary>Optimises <paramref name="objective"/> starting from <paramref name="start"/> and the numbers its leaves hold, reporting every evaluation.</summary>
    /// <param name="objective">The value to make smaller (or larger).</param>
    /// <param name="start">Starting numbers by variable name; they win over the leaves' own numbers.</param>
    /// <param name="options">The optimisation.</param>
    /// <param name="progress">Called after each evaluation, on the calling thread.</param>
    /// <exception cref="ArgumentException">The options are unusable, a parameter is not a variable of the value, or the value became NaN (the message says which).</exception>
    /// <exception cref="InvalidOperationException">A variable has no number.</exception>
    public static OptimizationResult Run(
        Value objective, IReadOnlyDictionary<string, double> start, OptimizationOptions options, Action<OptimizationProgress> progress) =>
        FSharpInterop.Optimize(
            Guard.NotNull(options),
            Guard.NotNull(progress),
            LeafBindings.Collect(Core.TapeModule.Compile(Guard.NotNull(objective).Expression), Guard.Bindings(start)),
            objective);
}
