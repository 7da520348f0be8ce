using CoreLearning = Backprop.Functional.Learning;

namespace Backprop.Fluent.Learning;

/// <summary>
/// How <see cref="GradientDescent"/> optimises a value over its variables. Immutable: each
/// <c>With…</c> step returns new options. Starts from <see cref="Default"/>. Values are checked
/// when the optimisation starts.
/// </summary>
public sealed class OptimizationOptions
{
    private OptimizationOptions(
        double learningRate, LearningRateDecay decay, Optimizer optimizer, int steps, double? target,
        OptimizationDirection direction, IReadOnlyList<string> parameters)
    {
        LearningRate = learningRate;
        Decay = decay;
        Optimizer = optimizer;
        Steps = steps;
        Target = target;
        Direction = direction;
        Parameters = parameters;
    }

    /// <summary>
    /// Plain gradient descent (SGD) at a constant rate of 0.01 for at most 100 steps, over every
    /// variable, with no target (the core's defaults).
    /// </summary>
    public static OptimizationOptions Default { get; } =
        FromCore(CoreLearning.Optimize.defaults(CoreLearning.Optimize.defaultRate));

    private static OptimizationOptions FromCore(CoreLearning.OptimizeOptions core)
    {
        var (rate, decay) = core.Schedule is CoreLearning.Schedule.LinearDecay linear
            ? (linear.rate, LearningRateDecay.Linear)
            : (((CoreLearning.Schedule.Constant)core.Schedule).rate, LearningRateDecay.None);
        return new(
            rate,
            decay,
            Optimizer.FromCore(core.Optimizer),
            core.Steps,
            core.Until is { } until ? until.Value : null,
            core.Direction.IsMaximize ? OptimizationDirection.Maximize : OptimizationDirection.Minimize,
            [.. core.Parameters]);
    }

    /// <summary>The learning rate (positive).</summary>
    public double LearningRate { get; }

    /// <summary>How the learning rate changes over the steps.</summary>
    public LearningRateDecay Decay { get; }

    /// <summary>The update rule.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The most updates to make (at least 1).</summary>
    public int Steps { get; }

    /// <summary>Stop as soon as the value is at or below this (at or above when maximising); <see langword="null"/> for no target.</summary>
    public double? Target { get; }

    /// <summary>Descent or ascent.</summary>
    public OptimizationDirection Direction { get; }

    /// <summary>The names of the variables that move; empty means every variable.</summary>
    public IReadOnlyList<string> Parameters { get; }

    /// <summary>These options with another learning rate.</summary>
    /// <param name="rate">The learning rate.</param>
    public OptimizationOptions WithLearningRate(double rate) => new(rate, Decay, Optimizer, Steps, Target, Direction, Parameters);

    /// <summary>These options with another learning-rate decay.</summary>
    /// <param name="decay">How the rate changes over the steps.</param>
    public OptimizationOptions WithDecay(LearningRateDecay decay) => new(LearningRate, decay, Optimizer, Steps, Target, Direction, Parameters);

    /// <summary>These options with another update rule.</summary>
    /// <param name="optimizer">The update rule.</param>
    public OptimizationOptions WithOptimizer(Optimizer optimizer) =>
        new(LearningRate, Decay, Guard.NotNull(optimizer), Steps, Target, Direction, Parameters);

    /// <summary>These options with another number of steps.</summary>
    /// <param name="steps">The most updates to make.</param>
    public OptimizationOptions WithSteps(int steps) => new(LearningRate, Decay, Optimizer, steps, Target, Direction, Parameters);

    /// <summary>These options with a target value at which to stop.</summary>
    /// <param name="target">Stop once the value is at or below it (at or above when maximising).</param>
    public OptimizationOptions WithTarget(double target) => new(LearningRate, Decay, Optimizer, Steps, target, Direction, Parameters);

    /// <summary>These options with another direction.</summary>
    /// <param name="direction">Descent or ascent.</param>
    public OptimizationOptions WithDirection(OptimizationDirection direction) => new(LearningRate, Decay, Optimizer, Steps, Target, direction, Parameters);

    /// <summary>These options moving only some variables.</summary>
    /// <param name="names">The names of the variables that move; empty for every variable.</param>
    public OptimizationOptions WithParameters(IReadOnlyList<string> names) =>
        new(LearningRate, Decay, Optimizer, Steps, Target, Direction, Guard.NotNull(names).ToArray());
}
