namespace Backprop.Fluent;

/// <summary>
/// Where each input and parameter of a <see cref="Computation"/> goes in a row of its tape (the
/// tape's slot order), built once with the computation and shared by the computations
/// <see cref="Computation.WithParameters"/> makes from it: a batch's samples become rows with one
/// look-up per number given, and a batch's gradients are read by name without a dictionary per call.
/// The rows of the last batch are kept for the next one while the computations live.
/// </summary>
internal sealed class VariableSlots
{
    private readonly Dictionary<string, Place> places;
    private double[][]? idleRows;

    /// <param name="inputs">The computation's inputs, in declaration order.</param>
    /// <param name="variables">Every input and parameter.</param>
    /// <param name="tapeVariables">The tape's variables, in slot order.</param>
    internal VariableSlots(IReadOnlyList<string> inputs, IEnumerable<string> variables, IReadOnlyList<string> tapeVariables)
    {
        var slotOf = Enumerable.Range(0, tapeVariables.Count).ToDictionary(slot => tapeVariables[slot], StringComparer.Ordinal);
        var inputOf = Enumerable.Range(0, inputs.Count).ToDictionary(input => inputs[input], StringComparer.Ordinal);
        places = variables.ToDictionary(
            name => name,
            name => new Place(slotOf.GetValueOrDefault(name, -1), inputOf.GetValueOrDefault(name, -1)),
            StringComparer.Ordinal);
        TapeVariables = tapeVariables;
        SlotOfInput = inputs.Select(input => places[input].Slot).ToArray();
    }

    /// <summary>The tape's variables, in slot order: a row's length and order.</summary>
    internal IReadOnlyList<string> TapeVariables { get; }

    /// <summary>For each input, in declaration order, its slot, or -1 when the tape does not use it.</summary>
    internal int[] SlotOfInput { get; }

    /// <summary>
    /// Whether <paramref name="name"/> is an input or parameter; if so, its slot (-1 when the tape
    /// does not use it) and its position among the inputs (-1 for a parameter). O(1).
    /// </summary>
    internal bool TryGetPlace(string name, out int slot, out int input)
    {
        var found = places.TryGetValue(name, out var place);
        (slot, input) = (place.Slot, place.Input);
        return found;
    }

    /// <summary>The numbers of <paramref name="parameters"/> in slot order, 0 at inputs' slots: the row every sample starts from.</summary>
    internal double[] Template(IReadOnlyDictionary<string, double> parameters) =>
        TapeVariables.Select(name => parameters.GetValueOrDefault(name)).ToArray();

    /// <summary>
    /// <paramref name="count"/> rows of the tape's length for one batch, holding any numbers: the
    /// rows of an earlier batch given back by <see cref="ReturnRows"/> where there are some, new
    /// ones otherwise. A batch's rows are as large as its result: allocating them anew for every
    /// batch doubled the garbage a batch leaves, and with the collections that moved them a batch
    /// took about 1.5 times the core's run (kept weakly, they were collected nearly every other
    /// batch). Safe from several threads: a batch takes the kept rows for itself.
    /// </summary>
    internal double[][] RentRows(int count)
    {
        var idle = Interlocked.Exchange(ref idleRows, null);
        if (idle is not null && idle.Length == count)
        {
            return idle;
        }

        var rows = new double[count][];
        var reused = Math.Min(count, idle?.Length ?? 0);
        Array.Copy(idle ?? [], rows, reused);
        for (var index = reused; index < count; index++)
        {
            rows[index] = GC.AllocateUninitializedArray<double>(TapeVariables.Count);
        }

        return rows;
    }

    /// <summary>Keeps a batch's rows, once the core has run them, for the next batch.</summary>
    internal void ReturnRows(double[][] rows) => Volatile.Write(ref idleRows, rows);

    private readonly record struct Place(int Slot, int Input);
}
