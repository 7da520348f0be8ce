using Core = Backprop.Functional;

namespace Backprop.Fluent;

/// <summary>
/// An immutable scalar in a computation graph, as in micrograd: a leaf holding a number, a named
/// variable, a constant, or the result of operations on other values. Combine values with
/// <c>+ - * /</c> and the methods <see cref="Pow(double)"/>, <see cref="Exp"/>, <see cref="Tanh"/>, …;
/// then call <see cref="Backward()"/> for the value and the gradient of every node.
/// </summary>
/// <example>
/// <code>
/// var a = Value.Of(2.0, "a");
/// var b = Value.Of(-3.0, "b");
/// var L = (a * b + 10) * -2;
/// var g = L.Backward();   // g.Value == -8, g[a] == 6, g["b"] == -4
/// </code>
/// </example>
/// <remarks>
/// Building a value is O(1) and computes nothing; every computation is delegated to the
/// Backprop.Functional core, which handles shared subexpressions and any depth in linear time.
/// Equality is reference identity (<c>==</c> is not overloaded): two values built the same way are two
/// nodes, with the same numbers. A name stands for one variable within a computation.
/// </remarks>
public sealed partial class Value
{
    // The number, once known. The flag is volatile and written after the number, so a thread that
    // sees it set also sees the number (a double? field could be read torn across threads).
    private double number;
    private volatile bool hasNumber;

    private Value(Core.Expr expression, double? number = null)
    {
        Expression = expression;
        if (number is { } known)
        {
            this.number = known;
            hasNumber = true;
        }
    }

    /// <summary>The core expression this value stands for.</summary>
    internal Core.Expr Expression { get; }

    /// <summary>
    /// The variable's name for a leaf or a variable; <see langword="null"/> for constants and for
    /// values computed from others.
    /// </summary>
    public string? Name => FSharpInterop.TryGetVariableName(Expression, out var name) ? name : null;

    /// <summary>Whether this value is a variable (a leaf made by <see cref="Of(double, string)"/> or <see cref="Variable"/>), so that it has a gradient by name.</summary>
    public bool IsVariable => Name is not null;

    /// <summary>
    /// The number this value stands for. A leaf's or constant's number is known at once; a computed
    /// value is evaluated on first read (O(nodes)) and remembered, which is safe because values
    /// never change.
    /// </summary>
    /// <exception cref="InvalidOperationException">A variable in the graph has no number.</exception>
    public double Data
    {
        get
        {
            if (!hasNumber)
            {
                number = Evaluate(EmptyBindings);
                hasNumber = true;
            }

            return number;
        }
    }

    /// <summary>A new leaf holding <paramref name="data"/>, named <paramref name="name"/>: a variable with a gradient.</summary>
    /// <param name="data">The leaf's number; infinities are allowed, NaN is not.</param>
    /// <param name="name">The variable's name; one name stands for one variable in a computation.</param>
    /// <exception cref="ArgumentException"><paramref name="data"/> is NaN, or the name is blank or starts with <c>$</c>.</exception>
    public static Value Of(double data, string name) =>
        new(Leaves.Create(Guard.Name(name), Guard.Number(data)), data);

    /// <summary>A new unnamed leaf holding <paramref name="data"/>; it is a variable named <c>$1</c>, <c>$2</c>, … so it still has a gradient.</summary>
    /// <param name="data">The leaf's number; infinities are allowed, NaN is not.</param>
    /// <exception cref="ArgumentException"><paramref name="data"/> is NaN.</exception>
    public static Value Of(double data) =>
        new(Leaves.Create(Leaves.UnnamedName(), Guard.Number(data)), data);

    /// <summary>A named variable with no number yet; pass its number in the bindings of <see cref="Backward(IReadOnlyDictionary{string, double})"/> or <see cref="Evaluate"/>.</summary>
    /// <param name="name">The variable's name.</param>
    public static Value Variable(string name) => new(Core.ExprModule.Variable(Guard.Name(name)));

    /// <summary>A constant: a number with no gradient of its own.</summary>
    /// <param name="value">The number; infinities are allowed, NaN is not.</param>
    public static Value Constant(double value) => new(Core.ExprModule.Constant(Guard.Number(value)), value);

    /// <summary>Wraps a core expression built by the facade itself.</summary>
    internal static Value FromExpression(Core.Expr expression) => new(expression);

    /// <summary>
    /// The number this value stands for with some variables bound to <paramref name="bindings"/>
    /// (which win over the numbers leaves were created with). O(nodes).
    /// </summary>
    /// <param name="bindings">Numbers by variable name; may name variables the value does not use.</param>
    /// <exception cref="ArgumentException">A binding is NaN.</exception>
    /// <exception cref="InvalidOperationException">A variable has no number.</exception>
    public double Evaluate(IReadOnlyDictionary<string, double> bindings)
    {
        var tape = Compile(bindings, out var inputs);
        return tape.Forward(inputs, new double[tape.Length]);
    }

    /// <summary>
    /// Reverse-mode pass from this value: its number and the gradient of this value with respect to
    /// every node and every variable. O(nodes + edges), at any depth.
    /// </summary>
    /// <exception cref="InvalidOperationException">A variable has no number (its name is in the message).</exception>
    public Gradients Backward() => Backward(EmptyBindings);

    /// <summary>
    /// Reverse-mode pass with some variables bound to <paramref name="bindings"/>, which win over
    /// the numbers leaves were created with.
    /// </summary>
    /// <param name="bindings">Numbers by variable name.</param>
    /// <exception cref="ArgumentException">A binding is NaN.</exception>
    /// <exception cref="InvalidOperationException">A variable has no number.</exception>
    public Gradients Backward(IReadOnlyDictionary<string, double> bindings)
    {
        var tape = Compile(bindings, out var inputs);
        return new(Core.Gradient.OfTape(tape, inputs));
    }

    /// <summary>Compares the gradient of every variable with central differences, with <see cref="GradientCheckOptions.Default"/>.</summary>
    public GradientCheckReport CheckGradients() => CheckGradients(GradientCheckOptions.Default);

    /// <summary>Compares the gradient of every variable with central differences.</summary>
    /// <param name="options">Step and tolerance.</param>
    public GradientCheckReport CheckGradients(GradientCheckOptions options) => CheckGradients(EmptyBindings, options);

    /// <summary>Compares the gradient of every variable with central differences, at the point given by <paramref name="bindings"/> and the leaves' numbers, with <see cref="GradientCheckOptions.Default"/>.</summary>
    /// <param name="bindings">Numbers by variable name.</param>
    public GradientCheckReport CheckGradients(IReadOnlyDictionary<string, double> bindings) => CheckGradients(bindings, GradientCheckOptions.Default);

    /// <summary>Compares the gradient of every variable with central differences, at the point given by <paramref name="bindings"/> and the leaves' numbers.</summary>
    /// <param name="bindings">Numbers by variable name.</param>
    /// <param name="options">Step and tolerance.</param>
    public GradientCheckReport CheckGradients(IReadOnlyDictionary<string, double> bindings, GradientCheckOptions options)
    {
        Guard.NotNull(options);
        Guard.Bindings(bindings);
        var tape = Core.TapeModule.Compile(Expression);
        var point = LeafBindings.Collect(tape, bindings);
        return FSharpInterop.FromCore(Core.NumericCheck.OfTape(FSharpInterop.ToCore(options), point, tape));
    }

    /// <summary>
    /// Compiles the expression (the one traversal of its graph) and reads the inputs in slot order
    /// from <paramref name="bindings"/> and the leaves' numbers, gathered from the same graph.
    /// </summary>
    private Core.Tape Compile(IReadOnlyDictionary<string, double> bindings, out double[] inputs)
    {
        Guard.Bindings(bindings);
        var tape = Core.TapeModule.Compile(Expression);
        inputs = tape.Inputs(LeafBindings.Collect(tape, bindings));
        return tape;
    }

    /// <summary>An infix rendering of the expression, bounded to a few thousand characters at any depth.</summary>
    public override string ToString() => Expression.ToString();

    private static readonly IReadOnlyDictionary<string, double> EmptyBindings = new Dictionary<string, double>();
}
