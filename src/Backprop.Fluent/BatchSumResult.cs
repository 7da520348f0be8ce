namespace Backprop.Fluent;

/// <summary>
/// The sum of a computation's output over many samples, and its gradient, from
/// <see cref="Computation.SumBatch"/>: what a loss over a dataset and a step of gradient descent need.
/// </summary>
public sealed class BatchSumResult
{
    internal BatchSumResult(string output, int count, double total, IReadOnlyDictionary<string, double> gradients)
    {
        Output = output;
        Count = count;
        Total = total;
        Gradients = gradients;
    }

    /// <summary>The output's name.</summary>
    public string Output { get; }

    /// <summary>The number of samples.</summary>
    public int Count { get; }

    /// <summary>The output summed over the samples.</summary>
    public double Total { get; }

    /// <summary>
    /// For every input and parameter by name, d(Total)/d(variable): the sum over the samples of
    /// each sample's gradient (0 for a variable the output does not use).
    /// </summary>
    public IReadOnlyDictionary<string, double> Gradients { get; }
}
