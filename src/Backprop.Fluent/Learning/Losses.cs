namespace Backprop.Fluent.Learning;

/// <summary>
/// The losses of <see cref="Loss"/> as values, for losses built by hand from a <see cref="Network"/>,
/// and L2 regularisation. Each forwards to the core, where the loss is defined.
/// </summary>
public static class Losses
{
    /// <summary>The loss of one sample with score <paramref name="score"/> and label <paramref name="label"/> (-1 or 1).</summary>
    /// <param name="loss">Which loss.</param>
    /// <param name="score">The network's output.</param>
    /// <param name="label">The label, -1 or 1 (a value, so that it may be an input).</param>
    public static Value Of(Loss loss, Value score, Value label) =>
        FSharpInterop.LossOf(loss, Guard.NotNull(score), Guard.NotNull(label));

    /// <summary>The loss of one sample with score <paramref name="score"/> and a constant label.</summary>
    /// <param name="loss">Which loss.</param>
    /// <param name="score">The network's output.</param>
    /// <param name="label">The label, -1 or 1.</param>
    public static Value Of(Loss loss, Value score, double label) => Of(loss, score, Value.Constant(label));

    /// <summary>L2 regularisation <c>alpha·Σ p²</c> (micrograd's <c>alpha * sum(p*p)</c>).</summary>
    /// <param name="alpha">The coefficient.</param>
    /// <param name="parameters">The parameters, e.g. <see cref="Network.Parameters"/>.</param>
    public static Value L2(double alpha, IEnumerable<Value> parameters) =>
        FSharpInterop.L2(Guard.Number(alpha), Guard.NotNull(parameters));
}
