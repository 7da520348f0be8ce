namespace Backprop.Fluent;

// Element-wise arithmetic: each named method forwards to the core tensor's operator, which applies
// the scalar operator to each element (no broadcasting but of a scalar); each operator forwards to
// the named method. A double on either side is a constant.
public sealed partial class ValueMatrix
{
    /// <summary>Element-wise <c>a[i] + b[i]</c> of two matrices of the same shape.</summary>
    /// <exception cref="ArgumentException">The shapes differ (the message states both).</exception>
    public static ValueMatrix Add(ValueMatrix a, ValueMatrix b) => new(Guard.NotNull(a).Tensor + Guard.NotNull(b).Tensor);

    /// <summary><c>a[i] + b</c> for every element.</summary>
    public static ValueMatrix Add(ValueMatrix a, Value b) => new(Guard.NotNull(a).Tensor + Guard.NotNull(b).Expression);

    /// <summary><c>a + b[i]</c> for every element.</summary>
    public static ValueMatrix Add(Value a, ValueMatrix b) => new(Guard.NotNull(a).Expression + Guard.NotNull(b).Tensor);

    /// <summary><c>a[i] + b</c> for every element, with a constant <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="b"/> is NaN.</exception>
    public static ValueMatrix Add(ValueMatrix a, double b) => new(Guard.NotNull(a).Tensor + Guard.Number(b));

    /// <summary><c>a + b[i]</c> for every element, with a constant <paramref name="a"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="a"/> is NaN.</exception>
    public static ValueMatrix Add(double a, ValueMatrix b) => new(Guard.Number(a) + Guard.NotNull(b).Tensor);

    /// <summary>Element-wise <c>a[i] - b[i]</c> of two matrices of the same shape.</summary>
    /// <exception cref="ArgumentException">The shapes differ (the message states both).</exception>
    public static ValueMatrix Subtract(ValueMatrix a, ValueMatrix b) => new(Guard.NotNull(a).Tensor - Guard.NotNull(b).Tensor);

    /// <summary><c>a[i] - b</c> for every element.</summary>
    public static ValueMatrix Subtract(ValueMatrix a, Value b) => new(Guard.NotNull(a).Tensor - Guard.NotNull(b).Expression);

    /// <summary><c>a - b[i]</c> for every element.</summary>
    public static ValueMatrix Subtract(Value a, ValueMatrix b) => new(Guard.NotNull(a).Expression - Guard.NotNull(b).Tensor);

    /// <summary><c>a[i] - b</c> for every element, with a constant <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="b"/> is NaN.</exception>
    public static ValueMatrix Subtract(ValueMatrix a, double b) => new(Guard.NotNull(a).Tensor - Guard.Number(b));

    /// <summary><c>a - b[i]</c> for every element, with a constant <paramref name="a"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="a"/> is NaN.</exception>
    public static ValueMatrix Subtract(double a, ValueMatrix b) => new(Guard.Number(a) - Guard.NotNull(b).Tensor);

    /// <summary>Element-wise <c>a[i] * b[i]</c> of two matrices of the same shape. For the matrix product see <see cref="ValueMatrix.MatMul(ValueMatrix)"/>.</summary>
    /// <exception cref="ArgumentException">The shapes differ (the message states both).</exception>
    public static ValueMatrix Multiply(ValueMatrix a, ValueMatrix b) => new(Guard.NotNull(a).Tensor * Guard.NotNull(b).Tensor);

    /// <summary><c>a[i] * b</c> for every element.</summary>
    public static ValueMatrix Multiply(ValueMatrix a, Value b) => new(Guard.NotNull(a).Tensor * Guard.NotNull(b).Expression);

    /// <summary><c>a * b[i]</c> for every element.</summary>
    public static ValueMatrix Multiply(Value a, ValueMatrix b) => new(Guard.NotNull(a).Expression * Guard.NotNull(b).Tensor);

    /// <summary><c>a[i] * b</c> for every element, with a constant <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="b"/> is NaN.</exception>
    public static ValueMatrix Multiply(ValueMatrix a, double b) => new(Guard.NotNull(a).Tensor * Guard.Number(b));

    /// <summary><c>a * b[i]</c> for every element, with a constant <paramref name="a"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="a"/> is NaN.</exception>
    public static ValueMatrix Multiply(double a, ValueMatrix b) => new(Guard.Number(a) * Guard.NotNull(b).Tensor);

    /// <summary>Element-wise <c>a[i] / b[i]</c> of two matrices of the same shape.</summary>
    /// <exception cref="ArgumentException">The shapes differ (the message states both).</exception>
    public static ValueMatrix Divide(ValueMatrix a, ValueMatrix b) => new(Guard.NotNull(a).Tensor / Guard.NotNull(b).Tensor);

    /// <summary><c>a[i] / b</c> for every element.</summary>
    public static ValueMatrix Divide(ValueMatrix a, Value b) => new(Guard.NotNull(a).Tensor / Guard.NotNull(b).Expression);

    /// <summary><c>a / b[i]</c> for every element.</summary>
    public static ValueMatrix Divide(Value a, ValueMatrix b) => new(Guard.NotNull(a).Expression / Guard.NotNull(b).Tensor);

    /// <summary><c>a[i] / b</c> for every element, with a constant <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="b"/> is NaN.</exception>
    public static ValueMatrix Divide(ValueMatrix a, double b) => new(Guard.NotNull(a).Tensor / Guard.Number(b));

    /// <summary><c>a / b[i]</c> for every element, with a constant <paramref name="a"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="a"/> is NaN.</exception>
    public static ValueMatrix Divide(double a, ValueMatrix b) => new(Guard.Number(a) / Guard.NotNull(b).Tensor);

    /// <summary><c>-a[i]</c> for every element.</summary>
    public static ValueMatrix Negate(ValueMatrix a) => new(-Guard.NotNull(a).Tensor);

    /// <summary><c>a + b</c>; see <see cref="Add(ValueMatrix, ValueMatrix)"/>.</summary>
    public static ValueMatrix operator +(ValueMatrix a, ValueMatrix b) => Add(a, b);

    /// <summary><c>a + b</c>; see <see cref="Add(ValueMatrix, Value)"/>.</summary>
    public static ValueMatrix operator +(ValueMatrix a, Value b) => Add(a, b);

    /// <summary><c>a + b</c>; see <see cref="Add(Value, ValueMatrix)"/>.</summary>
    public static ValueMatrix operator +(Value a, ValueMatrix b) => Add(a, b);

    /// <summary><c>a + b</c>; see <see cref="Add(ValueMatrix, double)"/>.</summary>
    public static ValueMatrix operator +(ValueMatrix a, double b) => Add(a, b);

    /// <summary><c>a + b</c>; see <see cref="Add(double, ValueMatrix)"/>.</summary>
    public static ValueMatrix operator +(double a, ValueMatrix b) => Add(a, b);

    /// <summary><c>a - b</c>; see <see cref="Subtract(ValueMatrix, ValueMatrix)"/>.</summary>
    public static ValueMatrix operator -(ValueMatrix a, ValueMatrix b) => Subtract(a, b);

    /// <summary><c>a - b</c>; see <see cref="Subtract(ValueMatrix, Value)"/>.</summary>
    public static ValueMatrix operator -(ValueMatrix a, Value b) => Subtract(a, b);

    /// <summary><c>a - b</c>; see <see cref="Subtract(Value, ValueMatrix)"/>.</summary>
    public static ValueMatrix operator -(Value a, ValueMatrix b) => Subtract(a, b);

    /// <summary><c>a - b</c>; see <see cref="Subtract(ValueMatrix, double)"/>.</summary>
    public static ValueMatrix operator -(ValueMatrix a, double b) => Subtract(a, b);

    /// <summary><c>a - b</c>; see <see cref="Subtract(double, ValueMatrix)"/>.</summary>
    public static ValueMatrix operator -(double a, ValueMatrix b) => Subtract(a, b);

    /// <summary><c>a * b</c>; see <see cref="Multiply(ValueMatrix, ValueMatrix)"/>.</summary>
    public static ValueMatrix operator *(ValueMatrix a, ValueMatrix b) => Multiply(a, b);

    /// <summary><c>a * b</c>; see <see cref="Multiply(ValueMatrix, Value)"/>.</summary>
    public static ValueMatrix operator *(ValueMatrix a, Value b) => Multiply(a, b);

    /// <summary><c>a * b</c>; see <see cref="Multiply(Value, ValueMatrix)"/>.</summary>
    public static ValueMatrix operator *(Value a, ValueMatrix b) => Multiply(a, b);

    /// <summary><c>a * b</c>; see <see cref="Multiply(ValueMatrix, double)"/>.</summary>
    public static ValueMatrix operator *(ValueMatrix a, double b) => Multiply(a, b);

    /// <summary><c>a * b</c>; see <see cref="Multiply(double, ValueMatrix)"/>.</summary>
    public static ValueMatrix operator *(double a, ValueMatrix b) => Multiply(a, b);

    /// <summary><c>a / b</c>; see <see cref="Divide(ValueMatrix, ValueMatrix)"/>.</summary>
    public static ValueMatrix operator /(ValueMatrix a, ValueMatrix b) => Divide(a, b);

    /// <summary><c>a / b</c>; see <see cref="Divide(ValueMatrix, Value)"/>.</summary>
    public static ValueMatrix operator /(ValueMatrix a, Value b) => Divide(a, b);

    /// <summary><c>a / b</c>; see <see cref="Divide(Value, ValueMatrix)"/>.</summary>
    public static ValueMatrix operator /(Value a, ValueMatrix b) => Divide(a, b);

    /// <summary><c>a / b</c>; see <see cref="Divide(ValueMatrix, double)"/>.</summary>
    public static ValueMatrix operator /(ValueMatrix a, double b) => Divide(a, b);

    /// <summary><c>a / b</c>; see <see cref="Divide(double, ValueMatrix)"/>.</summary>
    public static ValueMatrix operator /(double a, ValueMatrix b) => Divide(a, b);

    /// <summary><c>-a</c>; see <see cref="Negate(ValueMatrix)"/>.</summary>
    public static ValueMatrix operator -(ValueMatrix a) => Negate(a);
}
