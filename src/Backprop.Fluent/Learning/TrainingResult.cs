namespace Backprop.Fluent.Learning;

/// <summary>The outcome of a training run, measured after its last update.</summary>
public sealed class TrainingResult
{
    internal TrainingResult(int steps, double loss, double accuracy, IReadOnlyList<double> lossHistory, Model model)
    {
        Steps = steps;
        LossHistory = lossHistory;
        Loss = loss;
        Accuracy = accuracy;
        Model = model;
    }

    /// <summary>The number of updates made.</summary>
    public int Steps { get; }

    /// <summary>The final mean loss plus the L2 penalty.</summary>
    public double Loss { get; }

    /// <summary>The final training accuracy, 0..1 (equal to <c>Model.Accuracy(data)</c>).</summary>
    public double Accuracy { get; }

    /// <summary>The loss before each update, then the final loss: <see cref="Steps"/> + 1 numbers, the loss curve.</summary>
    public IReadOnlyList<double> LossHistory { get; }

    /// <summary>The trained model.</summary>
    public Model Model { get; }

    /// <summary>The outcome in one line, as the tool prints it: <c>after 100 steps: loss 0.0182367, accuracy 100.0%</c>.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"after {Steps} {(Steps == 1 ? "step" : "steps")}: loss {Loss:G6}, accuracy {Accuracy * 100:0.0}%");
}
