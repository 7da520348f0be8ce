namespace Backprop.Fluent.Learning;

/// <summary>A training run's state before an update, as the progress callback of <see cref="Trainer"/> sees it.</summary>
public sealed class TrainingProgress
{
    internal TrainingProgress(int step, double loss, double accuracy)
    {
        Step = step;
        Loss = loss;
        Accuracy = accuracy;
    }

    /// <summary>The number of updates made before this evaluation (0-based, as micrograd prints it).</summary>
    public int Step { get; }

    /// <summary>The mean loss over the samples plus the L2 penalty.</summary>
    public double Loss { get; }

    /// <summary>The fraction (0..1) of samples classified correctly.</summary>
    public double Accuracy { get; }

    /// <summary>micrograd's progress line, e.g. <c>step 0 loss 0.8958 accuracy 50%</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"step {Step} loss {Loss:G6} accuracy {Accuracy * 100:0.##}%");
}
