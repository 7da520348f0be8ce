namespace Backprop.Fluent.Learning;

/// <summary>
/// Trains multi-layer perceptron classifiers by full-batch gradient descent on the core's compiled
/// tape: the loss is compiled once and every step re-runs it with new parameters, building no
/// graph. Deterministic given the options. O(steps × samples × network size).
/// </summary>
/// <example>
/// <code>
/// var result = Trainer.Train(Dataset.Moons(100, 0.1, seed: 1), TrainingOptions.Default, p => Console.WriteLine(p));
/// result.Model.Save("model.json");
/// </code>
/// </example>
public static class Trainer
{
    /// <summary>Trains with <see cref="TrainingOptions.Default"/> (micrograd's moons demo).</summary>
    /// <param name="data">The samples.</param>
    public static TrainingResult Train(Dataset data) => Train(data, TrainingOptions.Default);

    /// <summary>Trains with the given options.</summary>
    /// <param name="data">The samples.</param>
    /// <param name="options">The network and the optimisation.</param>
    /// <exception cref="ArgumentException">The options are unusable (every problem is listed).</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    public static TrainingResult Train(Dataset data, TrainingOptions options) => Train(data, options, static _ => { });

    /// <summary>
    /// Trains with the given options; before each update <paramref name="progress"/> receives the
    /// step, the loss and the accuracy.
    /// </summary>
    /// <param name="data">The samples.</param>
    /// <param name="options">The network and the optimisation.</param>
    /// <param name="progress">Called before each update, on the calling thread.</param>
    /// <exception cref="ArgumentException">The options are unusable (every problem is listed).</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    public static TrainingResult Train(Dataset data, TrainingOptions options, Action<TrainingProgress> progress) =>
        FSharpInterop.Train(Guard.NotNull(options), Guard.NotNull(progress), Guard.NotNull(data));
}
