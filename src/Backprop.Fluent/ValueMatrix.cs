using Core = Backprop.Functional;

namespace Backprop.Fluent;

/// <summary>
/// An immutable matrix of <see cref="Value"/>s, stored row by row, as the notebook's layer
/// <c>sigmoid(W x)</c> uses: <see cref="MatMul(ValueVector)"/>, <see cref="Transpose"/>,
/// element-wise <c>+ - * /</c> and functions, <see cref="Sum"/>. Every operation builds ordinary
/// scalar nodes of the core, so gradients come from the same sweeps as for scalars.
/// </summary>
/// <example>
/// <code>
/// var W = ValueMatrix.Of(new[,] { { 2.0, -3.0 }, { 1.0, 2.0 }, { 0.5, -0.1 } }, "W");  // W[0,0] … W[2,1]
/// var x = ValueVector.Constant([-1.0, -2.0]);
/// var g = W.MatMul(x).Sigmoid().Sum().Backward();
/// double[,] dW = g.Of(W);                                  // dz · xᵀ
/// </code>
/// </example>
/// <remarks>
/// <c>*</c> is element-wise (Hadamard), as in the core; the matrix product is <see cref="MatMul(ValueMatrix)"/>.
/// Shapes that do not fit raise an <see cref="ArgumentException"/> that states both shapes.
/// </remarks>
public sealed class ValueMatrix : ValueTensor<ValueMatrix>
{
    internal ValueMatrix(Core.Tensor tensor)
        : base(tensor)
    {
    }

    private protected override ValueMatrix Wrap(Core.Tensor tensor) => new(tensor);

    /// <summary>The matrix's name (its elements are named <c>name[i,j]</c>); <see langword="null"/> for computed matrices.</summary>
    public string? Name => FSharpInterop.NameOf(Tensor);

    /// <summary>The number of rows.</summary>
    public int Rows => FSharpInterop.DimensionsOf(Tensor)[0];

    /// <summary>The number of columns.</summary>
    public int Columns => FSharpInterop.DimensionsOf(Tensor)[1];

    /// <summary>The number of elements, <c>Rows · Columns</c>.</summary>
    public int Count => Tensor.Count;

    /// <summary>The elements row by row.</summary>
    public IReadOnlyList<Value> Elements => Tensor.Elements.Select(Value.FromExpression).ToArray();

    /// <summary>Element <c>[row, column]</c>, a value of the computation.</summary>
    /// <param name="row">From 0 to <see cref="Rows"/> - 1.</param>
    /// <param name="column">From 0 to <see cref="Columns"/> - 1.</param>
    /// <exception cref="ArgumentException">An index is out of range (the message gives the valid ranges).</exception>
    public Value this[int row, int column] => Value.FromExpression(Tensor[row, column]);

    /// <summary>
    /// A matrix of leaves holding <paramref name="data"/>, named <c>name[0,0]</c>, <c>name[0,1]</c>, …:
    /// variables with gradients, read back shaped like <paramref name="data"/> with <see cref="Gradients.Of(ValueMatrix)"/>.
    /// </summary>
    /// <param name="data">The numbers; NaN is rejected.</param>
    /// <param name="name">The matrix's name.</param>
    /// <exception cref="ArgumentException">A number is NaN, or the name is blank or starts with <c>$</c>.</exception>
    public static ValueMatrix Of(double[,] data, string name)
    {
        Guard.NotNull(data);
        int rows = data.GetLength(0), columns = data.GetLength(1);
        var names = Core.TensorModule.ElementNames(Guard.Name(name), FSharpInterop.MatrixShape(rows, columns));
        var leaves = names.Select((element, k) => Leaves.Create(element, Guard.NumberOf(element, data[k / columns, k % columns], nameof(data))));
        return new(Core.TensorModule.Named(name, Core.TensorModule.OfArray(FSharpInterop.MatrixShape(rows, columns), leaves.ToArray())));
    }

    /// <summary>
    /// A matrix of variables with no numbers yet, named <c>name[i,j]</c>; give their numbers in
    /// bindings, e.g. from <see cref="Bind"/>.
    /// </summary>
    /// <param name="name">The matrix's name.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="columns">The number of columns.</param>
    /// <exception cref="ArgumentException">A size is negative, or the name is blank or starts with <c>$</c>.</exception>
    public static ValueMatrix Variable(string name, int rows, int columns) =>
        new(Core.TensorModule.Variables(Guard.Name(name), FSharpInterop.MatrixShape(rows, columns)));

    /// <summary>A matrix of constants (no gradients of their own).</summary>
    /// <param name="data">The numbers; NaN is rejected.</param>
    public static ValueMatrix Constant(double[,] data)
    {
        foreach (var number in Guard.NotNull(data))
        {
            Guard.Number(number, nameof(data));
        }

        return new(Core.TensorModule.ConstantMatrix(data));
    }

    /// <summary>A matrix of existing values.</summary>
    /// <param name="elements">The elements; none may be null.</param>
    public static ValueMatrix FromValues(Value[,] elements)
    {
        Guard.NotNull(elements);
        int rows = elements.GetLength(0), columns = elements.GetLength(1);
        var expressions = Enumerable.Range(0, rows * columns)
            .Select(k => Guard.NotNull(elements[k / columns, k % columns], nameof(elements)).Expression).ToArray();
        return new(Core.TensorModule.OfArray(FSharpInterop.MatrixShape(rows, columns), expressions));
    }

    /// <summary>Bindings for the variables of <see cref="Variable"/>: <c>name[i,j]</c> → <c>data[i, j]</c>.</summary>
    /// <param name="name">The matrix's name.</param>
    /// <param name="data">The numbers.</param>
    public static IReadOnlyDictionary<string, double> Bind(string name, double[,] data) =>
        FSharpInterop.ToDictionary(Core.TensorModule.BindMatrix(Guard.Name(name), Guard.NotNull(data)));

    /// <summary>Row <paramref name="row"/> as a vector.</summary>
    /// <param name="row">From 0 to <see cref="Rows"/> - 1.</param>
    public ValueVector Row(int row) => new(Core.TensorModule.Row(row, Tensor));

    /// <summary>Column <paramref name="column"/> as a vector.</summary>
    /// <param name="column">From 0 to <see cref="Columns"/> - 1.</param>
    public ValueVector Column(int column) => new(Core.TensorModule.Column(column, Tensor));

    /// <summary>Applies <paramref name="function"/> to every element.</summary>
    /// <param name="function">Builds a value from an element.</param>
    public ValueMatrix Map(Func<Value, Value> function) => new(FSharpInterop.Map(Tensor, Guard.NotNull(function)));

    /// <summary><c>e**x</c> for every element.</summary>
    public ValueMatrix Exp() => new(Core.TensorModule.Exp(Tensor));

    /// <summary>The natural logarithm of every element.</summary>
    public ValueMatrix Log() => new(Core.TensorModule.Log(Tensor));

    /// <summary>The hyperbolic tangent of every element.</summary>
    public ValueMatrix Tanh() => new(Core.TensorModule.Tanh(Tensor));

    /// <summary>The logistic function of every element.</summary>
    public ValueMatrix Sigmoid() => new(Core.TensorModule.Sigmoid(Tensor));

    /// <summary><c>max(0, x)</c> for every element.</summary>
    public ValueMatrix Relu() => new(Core.TensorModule.Relu(Tensor));

    /// <summary><c>x ** exponent</c> for every element, with a constant exponent.</summary>
    /// <param name="exponent">The exponent; NaN is rejected.</param>
    public ValueMatrix Pow(double exponent) => new(Core.Tensor.Pow(Tensor, Guard.Number(exponent)));

    /// <summary>The sum of the elements, row by row; the constant 0 for an empty matrix.</summary>
    public Value Sum() => Value.FromExpression(Core.TensorModule.Sum(Tensor));

    /// <summary>The mean of the elements.</summary>
    /// <exception cref="ArgumentException">The matrix is empty.</exception>
    public Value Mean() => Value.FromExpression(Core.TensorModule.Mean(Tensor));

    /// <summary>The matrix–vector product <c>z[i] = Σj this[i, j]·vector[j]</c>.</summary>
    /// <param name="vector">A vector with one element per column.</param>
    /// <exception cref="ArgumentException">The shapes do not fit (e.g. <c>shape mismatch: W is 3×2, x has 3 elements</c>).</exception>
    public ValueVector MatMul(ValueVector vector) => new(Core.TensorModule.MatMul(Tensor, Guard.NotNull(vector).Tensor));

    /// <summary>The matrix product <c>C[i, l] = Σj this[i, j]·other[j, l]</c>.</summary>
    /// <param name="other">A matrix with as many rows as this one has columns.</param>
    /// <exception cref="ArgumentException">The shapes do not fit.</exception>
    public ValueMatrix MatMul(ValueMatrix other) => new(Core.TensorModule.MatMul(Tensor, Guard.NotNull(other).Tensor));

    /// <summary>The transpose: rows become columns.</summary>
    public ValueMatrix Transpose() => new(Core.TensorModule.Transpose(Tensor));

    /// <summary>The number of every element, shaped like the matrix, with the leaves' own numbers. O(nodes).</summary>
    /// <exception cref="InvalidOperationException">A variable has no number.</exception>
    public double[,] Evaluate() => Evaluate(new Dictionary<string, double>());

    /// <summary>The number of every element, shaped like the matrix, with some variables bound to <paramref name="bindings"/>. O(nodes).</summary>
    /// <param name="bindings">Numbers by variable name; they win over the leaves' own numbers.</param>
    /// <exception cref="InvalidOperationException">A variable has no number.</exception>
    public double[,] Evaluate(IReadOnlyDictionary<string, double> bindings)
    {
        var numbers = Numbers(bindings);
        var shaped = new double[Rows, Columns];
        Buffer.BlockCopy(numbers, 0, shaped, 0, numbers.Length * sizeof(double));
        return shaped;
    }

    /// <summary>A bounded rendering of the rows, e.g. <c>[[W[0,0], W[0,1]], …]</c>.</summary>
    public override string ToString() => Tensor.ToString();
}
