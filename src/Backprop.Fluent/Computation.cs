using System.Collections.Immutable;
using Core = Backprop.Functional;

namespace Backprop.Fluent;

/// <summary>
/// A computation compiled once and evaluated many times with new inputs: the value and gradients
/// of its output, and the value and gradient of every named node. Made by <see cref="ComputationBuilder.Build"/>;
/// immutable and safe to evaluate from several threads at once.
/// </summary>
/// <remarks>
/// The output is compiled into one tape of the core when the computation is built; every
/// <see cref="Evaluate(IReadOnlyDictionary{string, double})"/> runs that tape's forward and reverse sweeps and
/// never compiles again. Steps the output does not depend on are on the same tape, after the
/// output's graph, so that they still have values (their gradient is 0).
/// </remarks>
public sealed class Computation
{
    private readonly ImmutableList<Declaration> declarations;
    private readonly ImmutableDictionary<string, NodeKind> variableKinds;
    private readonly ImmutableDictionary<string, double> parameters;
    private readonly CompiledSteps compiled;
    private readonly string[] variables;
    private readonly string[] inputs;
    private readonly int[] positionOfSlot;
    private readonly VariableSlots slots;

    internal Computation(ImmutableList<Declaration> declared, string output)
    {
        var outputValue = declared.Single(declaration => declaration.Name == output).Value;
        compiled = CompiledSteps.Compile(outputValue, declared);
        var declaredVariables = declared.Where(declaration => declaration.IsVariable).Select(declaration => declaration.Name).ToHashSet(StringComparer.Ordinal);
        var leafNumbers = LeafBindings.LeafNumbers(compiled.Nodes, declaredVariables.Contains, out var missing);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The computation uses the variable '{missing[0]}', which is not declared: add WithInput(\"{missing[0]}\") " +
                $"or WithParameter(\"{missing[0]}\", value), or build it with Value.Of(number, \"{missing[0]}\").");
        }

        // Leaves that carry their own number become parameters holding it, after the declared nodes.
        declarations = declared.AddRange(leafNumbers.Select(leaf =>
            new Declaration(leaf.Key, NodeKind.Parameter, Value.FromExpression(Core.ExprModule.Variable(leaf.Key)), leaf.Value)));
        Output = output;
        variableKinds = declarations.Where(d => d.IsVariable).ToImmutableDictionary(d => d.Name, d => d.Kind, StringComparer.Ordinal);
        parameters = declarations.Where(d => d.Kind == NodeKind.Parameter).ToImmutableDictionary(d => d.Name, d => d.InitialNumber, StringComparer.Ordinal);
        variables = VariableNames();
        inputs = NamesOf(NodeKind.Input);
        positionOfSlot = compiled.OutputVariables.Select(name => Array.IndexOf(variables, name)).ToArray();
        slots = new VariableSlots(inputs, variables, compiled.OutputVariables);
    }

    private Computation(Computation original, ImmutableDictionary<string, double> parameters)
    {
        declarations = original.declarations;
        variableKinds = original.variableKinds;
        compiled = original.compiled;
        variables = original.variables;
        inputs = original.inputs;
        positionOfSlot = original.positionOfSlot;
        slots = original.slots;
        Output = original.Output;
        this.parameters = parameters;
    }

    /// <summary>A new builder; the same as <see cref="ComputationBuilder.Empty"/>.</summary>
    public static ComputationBuilder Define() => ComputationBuilder.Empty;

    /// <summary>The name of the output, whose gradients are taken.</summary>
    public string Output { get; }

    /// <summary>The names of the inputs, in declaration order; every evaluation must give each a number.</summary>
    public IReadOnlyList<string> Inputs => inputs.AsReadOnly();

    /// <summary>The names of the steps, in declaration order.</summary>
    public IReadOnlyList<string> Steps => NamesOf(NodeKind.Step);

    /// <summary>
    /// Every input and parameter, in declaration order (leaves that joined by their own number
    /// last): the order of the numbers and gradients of
    /// <see cref="Evaluate(ReadOnlySpan{double}, Span{double})"/>.
    /// </summary>
    public IReadOnlyList<string> Variables => variables;

    /// <summary>The parameters and the numbers this computation holds for them.</summary>
    public IReadOnlyDictionary<string, double> Parameters => parameters;

    /// <summary>
    /// This computation with some parameters set to new numbers (a training step), sharing the same
    /// compiled tape. O(parameters).
    /// </summary>
    /// <param name="values">New numbers by parameter name; parameters not named keep theirs.</param>
    /// <exception cref="ArgumentException">A name is not a parameter, or a number is NaN.</exception>
    public Computation WithParameters(IReadOnlyDictionary<string, double> values)
    {
        var updated = parameters.ToBuilder();
        foreach (var pair in Guard.Bindings(values))
        {
            if (!parameters.ContainsKey(pair.Key))
            {
                throw new ArgumentException(
                    $"'{pair.Key}' is not a parameter of this computation; parameters: {NameList.Format(parameters.Keys)}.", nameof(values));
            }

            updated[pair.Key] = pair.Value;
        }

        return new Computation(this, updated.ToImmutable());
    }

    /// <summary>Evaluates a computation that has no inputs, with its parameters' numbers.</summary>
    /// <exception cref="ArgumentException">The computation has inputs.</exception>
    public ComputationResult Evaluate() => Evaluate(ImmutableDictionary<string, double>.Empty);

    /// <summary>
    /// One forward and one reverse sweep of the compiled tape: the output's number, the gradient of
    /// the output with respect to every input and parameter, and the number and gradient of every
    /// named node. O(nodes); the tape is not compiled again.
    /// </summary>
    /// <param name="inputs">A number for every input; may also override parameters for this evaluation.</param>
    /// <exception cref="ArgumentException">An input is missing, a name is unknown, or a number is NaN.</exception>
    public ComputationResult Evaluate(IReadOnlyDictionary<string, double> inputs)
    {
        var numbers = NumbersOfVariables(inputs);
        var run = compiled.Run(numbers);
        var nodes = declarations.Select(declaration => declaration.IsVariable
            ? new NodeResult(declaration.Name, declaration.Kind, numbers[declaration.Name], run.GradientOfVariable(declaration.Name))
            : new NodeResult(declaration.Name, declaration.Kind, run.ValueOf(declaration.Value), run.GradientOf(declaration.Value)))
            .ToArray();
        return new ComputationResult(Output, run.Output, nodes, run.Tape);
    }

    /// <summary>
    /// One forward and one reverse sweep of the compiled tape with numbers and gradients in
    /// caller-supplied buffers, for tight loops: no allocation once warm (the sweeps' buffers come
    /// from the shared array pool), bit for bit the value and gradients of
    /// <see cref="Evaluate(IReadOnlyDictionary{string, double})"/>. The computation's own parameter
    /// numbers are not used: <paramref name="numbers"/> gives every variable. O(nodes).
    /// </summary>
    /// <param name="numbers">A number for every variable, in the order of <see cref="Variables"/>.</param>
    /// <param name="gradients">Receives d(output)/d(variable) in the order of <see cref="Variables"/> (0 where unused).</param>
    /// <returns>The output's number.</returns>
    /// <exception cref="ArgumentException">A buffer's length differs from the number of variables, or a number is NaN.</exception>
    public double Evaluate(ReadOnlySpan<double> numbers, Span<double> gradients)
    {
        if (numbers.Length != variables.Length || gradients.Length != variables.Length)
        {
            throw new ArgumentException(
                $"Both buffers need one element per variable, {variables.Length} ({string.Join(", ", variables)}); " +
                $"numbers has {numbers.Length}, gradients has {gradients.Length}.", nameof(numbers));
        }

        for (var i = 0; i < numbers.Length; i++)
        {
            Guard.NumberOf(variables[i], numbers[i], nameof(numbers));
        }

        return compiled.Sweep(positionOfSlot, numbers, gradients);
    }

    /// <summary>
    /// Evaluates many samples through the one compiled tape, on all cores: the core's batched sweeps
    /// apply each operation to a whole chunk of samples at once. Each sample's value and gradients
    /// are bit for bit those <see cref="Evaluate(IReadOnlyDictionary{string, double})"/> gives it,
    /// except that the core's batches compute tanh within 2 ulp of <see cref="Math.Tanh"/>.
    /// O(samples × nodes / cores): each sample's row for the tape is a copy of the parameters'
    /// numbers with one look-up per number the sample gives. The rows are kept for the next batch
    /// (by this computation and those <see cref="WithParameters"/> makes from it) while it lives:
    /// one number per sample and variable.
    /// </summary>
    /// <param name="samples">For each sample, a number for every input; a sample may also override parameters.</param>
    /// <exception cref="ArgumentException">A sample lacks an input, names an unknown variable, or holds NaN (the message gives its index).</exception>
    public BatchResult EvaluateBatch(IReadOnlyList<IReadOnlyDictionary<string, double>> samples)
    {
        Guard.NotNull(samples);
        var template = slots.Template(parameters);
        var given = new int[inputs.Length];
        var rows = slots.RentRows(samples.Count);
        for (var index = 0; index < rows.Length; index++)
        {
            FillRow(rows[index], Guard.NotNull(samples[index], nameof(samples)), index, template, given);
        }

        return RunBatch(rows);
    }

    /// <summary>
    /// Evaluates many samples given as rows of numbers, one per input in the order of
    /// <see cref="Inputs"/>; otherwise as <see cref="EvaluateBatch(IReadOnlyList{IReadOnlyDictionary{string, double}})"/>.
    /// </summary>
    /// <param name="rows">For each sample, the inputs' numbers in the order of <see cref="Inputs"/>.</param>
    /// <exception cref="ArgumentException">A row's length differs from the number of inputs, or a row holds NaN.</exception>
    public BatchResult EvaluateBatch(IReadOnlyList<IReadOnlyList<double>> rows)
    {
        Guard.NotNull(rows);
        for (var index = 0; index < rows.Count; index++)
        {
            var row = Guard.NotNull(rows[index], nameof(rows));
            if (row.Count != inputs.Length)
            {
                throw new ArgumentException($"Row {index} has {row.Count} numbers; the computation has {inputs.Length} inputs: {string.Join(", ", inputs)}.", nameof(rows));
            }
        }

        var template = slots.Template(parameters);
        var slotOfInput = slots.SlotOfInput;
        var numbers = slots.RentRows(rows.Count);
        for (var index = 0; index < numbers.Length; index++)
        {
            var row = rows[index];
            var sample = numbers[index];
            template.CopyTo(sample, 0);
            for (var input = 0; input < inputs.Length; input++)
            {
                var number = row[input];
                if (double.IsNaN(number))
                {
                    throw NaNGiven(SampleContext(index), inputs[input]);
                }

                if (slotOfInput[input] >= 0)
                {
                    sample[slotOfInput[input]] = number;
                }
            }
        }

        return RunBatch(numbers);
    }

    /// <summary>
    /// Sums the output over many samples, and its gradient: a loss over a dataset, with this
    /// computation's parameters for every sample and each sample's inputs from a row (the core's
    /// <c>BatchSum</c>). Nothing is allocated per sample beyond the rows' numbers; the result has
    /// the same bits on any number of threads. As in every batch, tanh is within 2 ulp of
    /// <see cref="Math.Tanh"/>; sums are taken in a fixed order of chunks, not sample by sample.
    /// </summary>
    /// <param name="rows">For each sample, the inputs' numbers in the order of <see cref="Inputs"/>.</param>
    /// <param name="threads">The most threads to use; 1 (the default) runs on the calling thread.</param>
    /// <exception cref="ArgumentException">A row's length differs from the number of inputs, or a row holds NaN.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is less than 1.</exception>
    public BatchSumResult SumBatch(IReadOnlyList<IReadOnlyList<double>> rows, int threads = 1)
    {
        Guard.NotNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var used = Enumerable.Range(0, inputs.Length).Where(input => slots.SlotOfInput[input] >= 0).ToArray();
        var samples = new double[rows.Count * used.Length];
        for (var index = 0; index < rows.Count; index++)
        {
            var row = Guard.NotNull(rows[index], nameof(rows));
            if (row.Count != inputs.Length)
            {
                throw new ArgumentException($"Row {index} has {row.Count} numbers; the computation has {inputs.Length} inputs: {string.Join(", ", inputs)}.", nameof(rows));
            }

            for (var input = 0; input < inputs.Length; input++)
            {
                if (double.IsNaN(row[input]))
                {
                    throw NaNGiven(SampleContext(index), inputs[input]);
                }
            }

            for (var column = 0; column < used.Length; column++)
            {
                samples[index * used.Length + column] = row[used[column]];
            }
        }

        var sampleSlots = used.Select(input => slots.SlotOfInput[input]).ToArray();
        var shared = slots.Template(parameters);
        var gradients = new double[shared.Length];
        var total = compiled.Sum(sampleSlots, shared, samples, rows.Count, gradients, threads);
        var byName = variables.ToDictionary(
            name => name,
            name => slots.TryGetPlace(name, out var slot, out _) && slot >= 0 ? gradients[slot] : 0.0,
            StringComparer.Ordinal);
        return new BatchSumResult(Output, rows.Count, total, byName);
    }

    /// <summary>Compares the output's gradient with central differences for every input and parameter, with <see cref="GradientCheckOptions.Default"/>.</summary>
    /// <param name="inputs">A number for every input.</param>
    public GradientCheckReport CheckGradients(IReadOnlyDictionary<string, double> inputs) =>
        CheckGradients(inputs, GradientCheckOptions.Default);

    /// <summary>
    /// Compares the output's gradient with central differences for every variable the output uses.
    /// A diagnostic: the core compiles the output for the check.
    /// </summary>
    /// <param name="inputs">A number for every input.</param>
    /// <param name="options">Step and tolerance.</param>
    public GradientCheckReport CheckGradients(IReadOnlyDictionary<string, double> inputs, GradientCheckOptions options)
    {
        Guard.NotNull(options);
        var numbers = NumbersOfVariables(inputs);
        return FSharpInterop.FromCore(Core.NumericCheck.Run(FSharpInterop.ToCore(options), numbers, compiled.OutputExpression));
    }

    private Dictionary<string, double> NumbersOfVariables(IReadOnlyDictionary<string, double> inputs) => NumbersOfVariables(inputs, string.Empty);

    private string[] VariableNames() =>
        declarations.Where(declaration => declaration.IsVariable).Select(declaration => declaration.Name).ToArray();

    private Dictionary<string, double> NumbersOfVariables(IReadOnlyDictionary<string, double> inputs, string context)
    {
        var numbers = new Dictionary<string, double>(parameters, StringComparer.Ordinal);
        foreach (var pair in Guard.NotNull(inputs))
        {
            if (double.IsNaN(pair.Value))
            {
                throw NaNGiven(context, pair.Key);
            }

            if (!variableKinds.ContainsKey(pair.Key))
            {
                throw NotAVariable(context, pair.Key);
            }

            numbers[pair.Key] = pair.Value;
        }

        foreach (var input in this.inputs)
        {
            if (!numbers.ContainsKey(input))
            {
                throw NoValueFor(context, input);
            }
        }

        return numbers;
    }

    /// <summary>
    /// Writes sample <paramref name="index"/> of a batch into <paramref name="row"/> in the tape's
    /// slot order, with the checks and messages of <see cref="NumbersOfVariables(IReadOnlyDictionary{string, double}, string)"/>:
    /// <paramref name="template"/>'s numbers, then the sample's at their slots.
    /// <paramref name="given"/> is scratch shared by the batch's samples: the last sample that gave each input.
    /// </summary>
    private void FillRow(double[] row, IReadOnlyDictionary<string, double> sample, int index, double[] template, int[] given)
    {
        template.CopyTo(row, 0);
        var mark = index + 1;
        var inputsGiven = 0;
        foreach (var pair in sample)
        {
            if (double.IsNaN(pair.Value))
            {
                throw NaNGiven(SampleContext(index), pair.Key);
            }

            if (!slots.TryGetPlace(pair.Key, out var slot, out var input))
            {
                throw NotAVariable(SampleContext(index), pair.Key);
            }

            if (slot >= 0)
            {
                row[slot] = pair.Value;
            }

            if (input >= 0 && given[input] != mark)
            {
                given[input] = mark;
                inputsGiven++;
            }
        }

        if (inputsGiven < inputs.Length)
        {
            throw NoValueFor(SampleContext(index), inputs[Array.FindIndex(given, last => last != mark)]);
        }
    }

    private BatchResult RunBatch(double[][] rows)
    {
        var result = compiled.RunBatch(rows);
        slots.ReturnRows(rows);
        return new BatchResult(Output, variables, slots, result);
    }

    private static string SampleContext(int index) => $"Sample {index}: ";

    private static ArgumentException NaNGiven(string context, string name) =>
        new($"{context}The value given for '{name}' is NaN; an input must be a number (infinities are allowed).", "inputs");

    private ArgumentException NotAVariable(string context, string name) =>
        new($"{context}'{name}' is not an input or parameter of this computation; inputs: {NameList.Format(inputs)}; " +
            $"parameters: {NameList.Format(parameters.Keys)}.", "inputs");

    private static ArgumentException NoValueFor(string context, string input) =>
        new($"{context}The input '{input}' has no value: add \"{input}\" to the inputs.", "inputs");

    private string[] NamesOf(NodeKind kind) =>
        declarations.Where(declaration => declaration.Kind == kind).Select(declaration => declaration.Name).ToArray();
}
