using System.Collections.Immutable;

namespace Backprop.Fluent;

/// <summary>
/// An immutable description of a computation under construction: its inputs, parameters, named
/// steps and output. Every <c>With…</c> method returns a new builder and leaves this one as it was,
/// so a builder can be shared and extended in several ways. <see cref="Build"/> compiles it once.
/// </summary>
/// <example>
/// <code>
/// var neuron = ComputationBuilder.Empty
///     .WithInput("x1").WithInput("x2")
///     .WithParameter("w1", -3.0).WithParameter("w2", 1.0).WithParameter("b", 6.8813735870195432)
///     .WithStep("n", s => s["x1"] * s["w1"] + s["x2"] * s["w2"] + s["b"])
///     .WithOutput("o", s => s["n"].Tanh())
///     .Build();
/// var result = neuron.Evaluate(new Dictionary&lt;string, double&gt; { ["x1"] = 2.0, ["x2"] = 0.0 });
/// </code>
/// </example>
public sealed class ComputationBuilder
{
    private readonly ImmutableList<Declaration> declarations;
    private readonly ImmutableDictionary<string, Declaration> byName;
    private readonly string? output;

    private ComputationBuilder(ImmutableList<Declaration> declarations, ImmutableDictionary<string, Declaration> byName, string? output)
    {
        this.declarations = declarations;
        this.byName = byName;
        this.output = output;
    }

    /// <summary>The starting point: nothing declared.</summary>
    public static ComputationBuilder Empty { get; } =
        new([], ImmutableDictionary.Create<string, Declaration>(StringComparer.Ordinal), null);

    /// <summary>Declares an input: a variable whose number is given at each evaluation.</summary>
    /// <param name="name">The input's name, unique in the computation.</param>
    /// <exception cref="ArgumentException">The name is blank, reserved, or already declared.</exception>
    public ComputationBuilder WithInput(string name) =>
        Declare(new Declaration(Guard.Name(name), NodeKind.Input, Value.Variable(name)));

    /// <summary>Declares a parameter: a variable whose number the computation holds (a weight).</summary>
    /// <param name="name">The parameter's name, unique in the computation.</param>
    /// <param name="initialValue">Its number until changed with <see cref="Computation.WithParameters"/> or overridden at an evaluation.</param>
    /// <exception cref="ArgumentException">The name is blank, reserved, or already declared; or the number is NaN.</exception>
    public ComputationBuilder WithParameter(string name, double initialValue) =>
        Declare(new Declaration(Guard.Name(name), NodeKind.Parameter, Value.Variable(name), Guard.Number(initialValue)));

    /// <summary>Declares a named step computed from what was declared before it.</summary>
    /// <param name="name">The step's name, unique in the computation.</param>
    /// <param name="define">Builds the step's value; <c>scope["x"]</c> is the value declared as <c>x</c>.</param>
    /// <exception cref="ArgumentException">The name is blank, reserved, or already declared.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="define"/> returned null.</exception>
    public ComputationBuilder WithStep(string name, Func<ComputationScope, Value> define)
    {
        Guard.Name(name);
        Guard.NotNull(define);
        var value = define(new ComputationScope(byName))
            ?? throw new InvalidOperationException($"The definition of step '{name}' returned null.");
        return WithStep(name, value);
    }

    /// <summary>
    /// Declares a named step that is an already built <see cref="Value"/>. Its variables must be
    /// declared inputs or parameters, or leaves made with <see cref="Value.Of(double, string)"/>
    /// (which become parameters holding their numbers).
    /// </summary>
    /// <param name="name">The step's name, unique in the computation.</param>
    /// <param name="value">The step's value.</param>
    public ComputationBuilder WithStep(string name, Value value) =>
        Declare(new Declaration(Guard.Name(name), NodeKind.Step, Guard.NotNull(value)));

    /// <summary>Chooses a declared node as the output (the one gradients are taken of). Without this, the last step is the output.</summary>
    /// <param name="name">The name of a declared step, input or parameter.</param>
    /// <exception cref="ArgumentException">Nothing of that name is declared.</exception>
    public ComputationBuilder WithOutput(string name) =>
        byName.ContainsKey(Guard.NotNull(name))
            ? new(declarations, byName, name)
            : throw new ArgumentException($"'{name}' is not declared; declared: {NameList.Format(byName.Keys)}.", nameof(name));

    /// <summary>Declares a named step and makes it the output.</summary>
    /// <param name="name">The output's name.</param>
    /// <param name="define">Builds the output's value from what was declared before it.</param>
    public ComputationBuilder WithOutput(string name, Func<ComputationScope, Value> define) =>
        WithStep(name, define).WithOutput(name);

    /// <summary>Declares an already built value as a named step and makes it the output.</summary>
    /// <param name="name">The output's name.</param>
    /// <param name="value">The output's value.</param>
    public ComputationBuilder WithOutput(string name, Value value) => WithStep(name, value).WithOutput(name);

    /// <summary>
    /// Compiles the computation once into the core's tape; every evaluation of the result reuses it.
    /// O(nodes + edges).
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// Nothing to output (no step and no <see cref="WithOutput(string)"/>), or a step uses a variable that is
    /// neither declared nor a leaf with a number.
    /// </exception>
    public Computation Build()
    {
        var chosen = output
            ?? declarations.LastOrDefault(declaration => declaration.Kind == NodeKind.Step)?.Name
            ?? throw new InvalidOperationException("The computation has no output: declare a step with WithStep or WithOutput.");
        return new Computation(declarations, chosen);
    }

    private ComputationBuilder Declare(Declaration declaration) =>
        byName.TryGetValue(declaration.Name, out var earlier)
            ? throw new ArgumentException(
                $"'{declaration.Name}' is already declared (as {earlier.Kind.ToString().ToLowerInvariant()}); each name is declared once.",
                "name")
            : new(declarations.Add(declaration), byName.Add(declaration.Name, declaration), output);
}
