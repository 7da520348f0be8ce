namespace Backprop.Fluent.Learning;

/// <summary>Training stopped because the loss became NaN or infinite; the message suggests a smaller learning rate.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>An exception with a default message.</summary>
    public TrainingDivergedException()
    {
    }

    /// <summary>An exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with a message, caused by another.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The loss became <paramref name="loss"/> at step <paramref name="step"/>.</summary>
    /// <param name="step">The step (0-based) at which the loss stopped being finite.</param>
    /// <param name="loss">The loss: NaN or an infinity.</param>
    /// <param name="message">What happened.</param>
    public TrainingDivergedException(int step, double loss, string message)
        : base(message)
    {
        Step = step;
        Loss = loss;
    }

    /// <summary>The step (0-based) at which the loss stopped being finite.</summary>
    public int Step { get; }

    /// <summary>The loss at that step: NaN or an infinity.</summary>
    public double Loss { get; }
}
