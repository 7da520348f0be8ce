namespace Backprop.Fluent.Learning;

/// <summary>How the learning rate changes over a training run.</summary>
public enum LearningRateDecay
{
    /// <summary>The same rate at every step.</summary>
    None,

    /// <summary>micrograd's schedule: step k of N uses <c>rate·(1 − 0.9·k/N)</c>.</summary>
    Linear,
}
