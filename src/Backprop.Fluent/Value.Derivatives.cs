using Microsoft.FSharp.Collections;
using Core = Backprop.Functional;

namespace Backprop.Fluent;

// Derivatives as values: the core's symbolic reverse sweep, so a derivative is itself a Value
// that evaluates, prints and is differentiated again.
public sealed partial class Value
{
    /// <summary>
    /// The derivative of this value with respect to <paramref name="variable"/>, as a new value
    /// that shares this value's nodes: it evaluates (<see cref="Data"/>), prints, and is
    /// differentiated again (<c>f.Grad(x).Grad(x)</c> is a second derivative). O(nodes).
    /// </summary>
    /// <param name="variable">A variable: a leaf made by <see cref="Of(double, string)"/> or <see cref="Variable"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="variable"/> is not a variable.</exception>
    public Value Grad(Value variable) => FromExpression(GradientOf([VariableName(variable, nameof(variable))]).Head);

    /// <summary>
    /// The matrix of second derivatives <c>H[i, j] = d²(this) / d variables[i] d variables[j]</c>
    /// at the leaves' numbers: one symbolic sweep for the gradient, one per variable for the
    /// Hessian, then one forward sweep over all of it.
    /// </summary>
    /// <param name="variables">The variables, in the order of the rows and columns.</param>
    /// <exception cref="ArgumentException">An element is not a variable.</exception>
    /// <exception cref="InvalidOperationException">A variable has no number.</exception>
    public double[,] Hessian(params Value[] variables)
    {
        var names = Names(variables);
        var hessian = Core.Derivative.Hessian(ListModule.OfSeq(names), Expression);
        return Shaped(NumbersOf(hessian.Cast<Core.Expr>().ToArray()), names.Length, names.Length);
    }

    /// <summary>
    /// The Hessian times <paramref name="vector"/>, <c>H·v</c>, at the leaves' numbers, in time linear
    /// in this value's graph (the gradient of <c>∇f·v</c>, not one gradient per variable).
    /// </summary>
    /// <param name="variables">The variables.</param>
    /// <param name="vector">One number per variable.</param>
    /// <exception cref="ArgumentException">An element is not a variable, or the lengths differ.</exception>
    public double[] HessianVectorProduct(IReadOnlyList<Value> variables, IReadOnlyList<double> vector)
    {
        var names = Names(Guard.NotNull(variables));
        if (Guard.NotNull(vector).Count != names.Length)
        {
            throw new ArgumentException($"The vector has {vector.Count} numbers; there are {names.Length} variables.", nameof(vector));
        }

        var product = Core.Derivative.HessianVectorProduct(ListModule.OfSeq(names), ListModule.OfSeq(vector), Expression);
        return NumbersOf([.. product]);
    }

    /// <summary>
    /// The Jacobian <c>J[k, j] = d outputs[k] / d variables[j]</c> at the leaves' numbers: one
    /// symbolic reverse sweep per output, then one forward sweep over all of them.
    /// </summary>
    /// <param name="outputs">The values to differentiate, one row each.</param>
    /// <param name="variables">The variables, one column each.</param>
    /// <exception cref="ArgumentException">An element of <paramref name="variables"/> is not a variable.</exception>
    /// <exception cref="InvalidOperationException">A variable has no number.</exception>
    public static double[,] Jacobian(IReadOnlyList<Value> outputs, IReadOnlyList<Value> variables)
    {
        var rows = Guard.NotNull(outputs).Select(output => Guard.NotNull(output, nameof(outputs)).Expression);
        var names = Names(Guard.NotNull(variables));
        var jacobian = Core.Derivative.Jacobian(ListModule.OfSeq(names), ListModule.OfSeq(rows));
        return Shaped(NumbersOf(jacobian.Cast<Core.Expr>().ToArray()), outputs.Count, names.Length);
    }

    private FSharpList<Core.Expr> GradientOf(string[] names) => Core.Derivative.Gradient(ListModule.OfSeq(names), Expression);

    private static string VariableName(Value variable, string parameter) =>
        Guard.NotNull(variable, parameter).Name
        ?? throw new ArgumentException($"Derivatives are taken with respect to variables; {variable} is not one.", parameter);

    private static string[] Names(IEnumerable<Value> variables) =>
        [.. Guard.NotNull(variables).Select(variable => VariableName(variable, nameof(variables)))];

    /// <summary>The numbers of several expressions at the leaves' own numbers, from one tape of all of them.</summary>
    private static double[] NumbersOf(Core.Expr[] expressions)
    {
        if (expressions.Length == 0)
        {
            return [];
        }

        var tape = Core.TapeModule.CompileRoots(expressions[0], expressions);
        var values = new double[tape.Length];
        tape.Forward(tape.Inputs(LeafBindings.Collect(tape, EmptyBindings)), values);
        return [.. expressions.Select(e => FSharpInterop.TryIndexOf(tape.Graph, e, out var index) ? values[index] : 0.0)];
    }

    private static double[,] Shaped(double[] numbers, int rows, int columns)
    {
        var shaped = new double[rows, columns];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                shaped[i, j] = numbers[i * columns + j];
            }
        }

        return shaped;
    }
}
