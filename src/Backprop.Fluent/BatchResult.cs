using System.Collections;
using Core = Backprop.Functional;

namespace Backprop.Fluent;

/// <summary>
/// The evaluation of many samples by <see cref="Computation.EvaluateBatch(IReadOnlyList{IReadOnlyDictionary{string, double}})"/>:
/// for each sample, in the order given, the output's number and its gradient with respect to every
/// input and parameter. Immutable; every read is O(1).
/// </summary>
public sealed class BatchResult
{
    private readonly IReadOnlyList<string> variables;
    private readonly VariableSlots slots;
    private readonly ReadOnlyMemory<double>[] gradients;

    /// <summary>Wraps the core's result: O(samples), a light view per sample; nothing is copied but the values.</summary>
    internal BatchResult(string output, IReadOnlyList<string> variables, VariableSlots slots, Core.BatchResult core)
    {
        Output = output;
        this.variables = variables;
        this.slots = slots;
        gradients = core.Gradients;
        Values = core.Values.ToArray();
        Gradients = gradients.Select(sample => (IReadOnlyDictionary<string, double>)new SampleGradients(this, sample)).ToArray();
    }

    /// <summary>The output's name.</summary>
    public string Output { get; }

    /// <summary>The number of samples.</summary>
    public int Count => Values.Count;

    /// <summary>The output's number for each sample.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>
    /// For each sample, d(output)/d(variable) for every input and parameter by name (0 for one the
    /// output does not use), as <see cref="ComputationResult.Gradients"/> gives for one sample.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> Gradients { get; }

    /// <summary>d(output)/d(<paramref name="variable"/>) for each sample.</summary>
    /// <param name="variable">The name of an input or parameter.</param>
    /// <exception cref="KeyNotFoundException">No input or parameter has that name.</exception>
    public IReadOnlyList<double> GradientsOf(string variable)
    {
        var slot = SlotOf(Guard.NotNull(variable));
        return gradients.Select(sample => slot < 0 ? 0.0 : sample.Span[slot]).ToArray();
    }

    private int SlotOf(string variable) =>
        slots.TryGetPlace(variable, out var slot, out _)
            ? slot
            : throw new KeyNotFoundException($"'{variable}' is not an input or parameter of this computation; variables: {NameList.Format(variables)}.");

    /// <summary>One sample's gradients, read from the core's row without copying.</summary>
    private sealed class SampleGradients(BatchResult batch, ReadOnlyMemory<double> row) : IReadOnlyDictionary<string, double>
    {
        public double this[string key] => Read(batch.SlotOf(Guard.NotNull(key)));

        public IEnumerable<string> Keys => batch.variables;

        public IEnumerable<double> Values => Keys.Select(key => this[key]);

        public int Count => batch.variables.Count;

        public bool ContainsKey(string key) => batch.slots.TryGetPlace(Guard.NotNull(key), out _, out _);

        public bool TryGetValue(string key, out double value)
        {
            var found = ContainsKey(key);
            value = found ? this[key] : 0.0;
            return found;
        }

        public IEnumerator<KeyValuePair<string, double>> GetEnumerator() =>
            Keys.Select(key => new KeyValuePair<string, double>(key, this[key])).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private double Read(int slot) => slot < 0 ? 0.0 : row.Span[slot];
    }
}
