using System.Collections;
using Core = Backprop.Functional;

namespace Backprop.Fluent;

/// <summary>
/// An immutable vector of <see cref="Value"/>s, as the Hacker's guide's <c>w</c> and <c>x</c>:
/// element-wise <c>+ - * /</c> and functions, <see cref="Dot"/>, <see cref="Sum"/>, products with
/// a <see cref="ValueMatrix"/>. Every operation builds ordinary scalar nodes of the core, so the
/// vector form of a computation has the same gradients as the scalar form, bit for bit.
/// </summary>
/// <example>
/// <code>
/// var w = ValueVector.Of([2.0, -3.0], "w");     // leaves w[0], w[1]
/// var x = ValueVector.Of([-1.0, -2.0], "x");
/// var g = w.Dot(x).Sigmoid().Backward();
/// double[] dw = g.Of(w);                          // x · s(1 - s)
/// </code>
/// </example>
/// <remarks>
/// Operands of an element-wise operator must have the same length (a scalar on either side is
/// applied to every element); otherwise an <see cref="ArgumentException"/> states both shapes.
/// </remarks>
public sealed class ValueVector : ValueTensor<ValueVector>, IReadOnlyList<Value>
{
    internal ValueVector(Core.Tensor tensor)
        : base(tensor)
    {
    }

    private protected override ValueVector Wrap(Core.Tensor tensor) => new(tensor);

    /// <summary>The vector's name (its elements are named <c>name[0]</c>, <c>name[1]</c>, …); <see langword="null"/> for computed vectors.</summary>
    public string? Name => FSharpInterop.NameOf(Tensor);

    /// <summary>The number of elements.</summary>
    public int Count => Tensor.Count;

    /// <summary>Element <paramref name="index"/>, a value of the computation.</summary>
    /// <param name="index">From 0 to <see cref="Count"/> - 1.</param>
    /// <exception cref="ArgumentException">The index is out of range (the message gives the valid range).</exception>
    public Value this[int index] => Value.FromExpression(Tensor[index]);

    /// <summary>
    /// A vector of leaves holding <paramref name="data"/>, named <c>name[0]</c>, <c>name[1]</c>, …:
    /// variables with gradients, read back with <see cref="Gradients.Of(ValueVector)"/>.
    /// </summary>
    /// <param name="data">The numbers; NaN is rejected.</param>
    /// <param name="name">The vector's name.</param>
    /// <exception cref="ArgumentException">A number is NaN, or the name is blank or starts with <c>$</c>.</exception>
    public static ValueVector Of(IReadOnlyList<double> data, string name)
    {
        Guard.NotNull(data);
        var shape = FSharpInterop.VectorShape(data.Count);
        var names = Core.TensorModule.ElementNames(Guard.Name(name), shape);
        var leaves = names.Select((element, i) => Leaves.Create(element, Guard.NumberOf(element, data[i], nameof(data))));
        return new(Core.TensorModule.Named(name, Core.TensorModule.Vector(leaves.ToArray())));
    }

    /// <summary>
    /// A vector of variables with no numbers yet, named <c>name[0]</c>, <c>name[1]</c>, …; give their
    /// numbers in bindings, e.g. from <see cref="Bind"/>.
    /// </summary>
    /// <param name="name">The vector's name.</param>
    /// <param name="length">The number of elements.</param>
    /// <exception cref="ArgumentException">The length is negative, or the name is blank or starts with <c>$</c>.</exception>
    public static ValueVector Variable(string name, int length) =>
        new(Core.TensorModule.Variables(Guard.Name(name), FSharpInterop.VectorShape(length)));

    /// <summary>A vector of constants (no gradients of their own).</summary>
    /// <param name="data">The numbers; NaN is rejected.</param>
    public static ValueVector Constant(IReadOnlyList<double> data) =>
        new(Core.TensorModule.Constants(Guard.NotNull(data).Select(number => Guard.Number(number, nameof(data))).ToArray()));

    /// <summary>A vector of existing values, in order.</summary>
    /// <param name="elements">The elements; none may be null.</param>
    public static ValueVector FromValues(IEnumerable<Value> elements) =>
        new(Core.TensorModule.Vector(Guard.NotNull(elements).Select(element => Guard.NotNull(element, nameof(elements)).Expression).ToArray()));

    /// <summary>Bindings for the variables of <see cref="Variable"/>: <c>name[0]</c> → <c>data[0]</c>, ….</summary>
    /// <param name="name">The vector's name.</param>
    /// <param name="data">The numbers.</param>
    public static IReadOnlyDictionary<string, double> Bind(string name, IReadOnlyList<double> data) =>
        FSharpInterop.ToDictionary(Core.TensorModule.Bind(Guard.Name(name), Guard.NotNull(data).ToArray()));

    /// <summary>Applies <paramref name="function"/> to every element.</summary>
    /// <param name="function">Builds a value from an element.</param>
    public ValueVector Map(Func<Value, Value> function) => new(FSharpInterop.Map(Tensor, Guard.NotNull(function)));

    /// <summary><c>e**x</c> for every element.</summary>
    public ValueVector Exp() => new(Core.TensorModule.Exp(Tensor));

    /// <summary>The natural logarithm of every element.</summary>
    public ValueVector Log() => new(Core.TensorModule.Log(Tensor));

    /// <summary>The hyperbolic tangent of every element.</summary>
    public ValueVector Tanh() => new(Core.TensorModule.Tanh(Tensor));

    /// <summary>The logistic function of every element.</summary>
    public ValueVector Sigmoid() => new(Core.TensorModule.Sigmoid(Tensor));

    /// <summary><c>max(0, x)</c> for every element.</summary>
    public ValueVector Relu() => new(Core.TensorModule.Relu(Tensor));

    /// <summary><c>x ** exponent</c> for every element, with a constant exponent.</summary>
    /// <param name="exponent">The exponent; NaN is rejected.</param>
    public ValueVector Pow(double exponent) => new(Core.Tensor.Pow(Tensor, Guard.Number(exponent)));

    /// <summary>The sum of the elements, <c>((v[0] + v[1]) + v[2]) + …</c>; the constant 0 for an empty vector.</summary>
    public Value Sum() => Value.FromExpression(Core.TensorModule.Sum(Tensor));

    /// <summary>The mean of the elements.</summary>
    /// <exception cref="ArgumentException">The vector is empty.</exception>
    public Value Mean() => Value.FromExpression(Core.TensorModule.Mean(Tensor));

    /// <summary>The dot product <c>this[0]·other[0] + this[1]·other[1] + …</c>.</summary>
    /// <param name="other">A vector of the same length.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public Value Dot(ValueVector other) => Value.FromExpression(Core.TensorModule.Dot(Tensor, Guard.NotNull(other).Tensor));

    /// <summary>The outer product <c>this · otherᵀ</c>: element <c>[i, j]</c> is <c>this[i]·other[j]</c>.</summary>
    /// <param name="other">Any vector.</param>
    public ValueMatrix Outer(ValueVector other) => new(Core.TensorModule.Outer(Tensor, Guard.NotNull(other).Tensor));

    /// <summary>The vector–matrix product <c>y[k] = Σj this[j]·matrix[j, k]</c>.</summary>
    /// <param name="matrix">A matrix with one row per element of this vector.</param>
    /// <exception cref="ArgumentException">The shapes do not fit (the message states both).</exception>
    public ValueVector MatMul(ValueMatrix matrix) => new(Core.TensorModule.MatMul(Tensor, Guard.NotNull(matrix).Tensor));

    /// <summary>The number of every element, with the leaves' own numbers. O(nodes).</summary>
    /// <exception cref="InvalidOperationException">A variable has no number.</exception>
    public double[] Evaluate() => Evaluate(new Dictionary<string, double>());

    /// <summary>The number of every element, with some variables bound to <paramref name="bindings"/>. O(nodes).</summary>
    /// <param name="bindings">Numbers by variable name; they win over the leaves' own numbers.</param>
    /// <exception cref="InvalidOperationException">A variable has no number.</exception>
    public double[] Evaluate(IReadOnlyDictionary<string, double> bindings) => Numbers(bindings);

    /// <summary>Enumerates the elements in order.</summary>
    public IEnumerator<Value> GetEnumerator() => Tensor.Elements.Select(Value.FromExpression).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A bounded rendering of the elements, e.g. <c>[w[0], w[1]]</c>.</summary>
    public override string ToString() => Tensor.ToString();
}
