namespace Backprop.Fluent;

// Element-wise arithmetic: each named method forwards to the core tensor's operator, which applies
// the scalar operator to each element (no broadcasting but of a scalar); each operator forwards to
// the named method. A double on either side is a constant.
public sealed partial class ValueVector
{
    /// <summary>Element-wise <c>a[i] + b[i]</c> of two vectors of the same shape.</summary>
    /// <exception cref="ArgumentException">The shapes differ (the message states both).</exception>
    public static ValueVector Add(ValueVector a, ValueVector b) => new(Guard.NotNull(a).Tensor + Guard.NotNull(b).Tensor);

    /// <summary><c>a[i] + b</c> for every element.</summary>
    public static ValueVector Add(ValueVector a, Value b) => new(Guard.NotNull(a).Tensor + Guard.NotNull(b).Expression);

    /// <summary><c>a + b[i]</c> for every element.</summary>
    public static ValueVector Add(Value a, ValueVector b) => new(Guard.NotNull(a).Expression + Guard.NotNull(b).Tensor);

    /// <summary><c>a[i] + b</c> for every element, with a constant <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="b"/> is NaN.</exception>
    public static ValueVector Add(ValueVector a, double b) => new(Guard.NotNull(a).Tensor + Guard.Number(b));

    /// <summary><c>a + b[i]</c> for every element, with a constant <paramref name="a"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="a"/> is NaN.</exception>
    public static ValueVector Add(double a, ValueVector b) => new(Guard.Number(a) + Guard.NotNull(b).Tensor);

    /// <summary>Element-wise <c>a[i] - b[i]</c> of two vectors of the same shape.</summary>
    /// <exception cref="ArgumentException">The shapes differ (the message states both).</exception>
    public static ValueVector Subtract(ValueVector a, ValueVector b) => new(Guard.NotNull(a).Tensor - Guard.NotNull(b).Tensor);

    /// <summary><c>a[i] - b</c> for every element.</summary>
    public static ValueVector Subtract(ValueVector a, Value b) => new(Guard.NotNull(a).Tensor - Guard.NotNull(b).Expression);

    /// <summary><c>a - b[i]</c> for every element.</summary>
    public static ValueVector Subtract(Value a, ValueVector b) => new(Guard.NotNull(a).Expression - Guard.NotNull(b).Tensor);

    /// <summary><c>a[i] - b</c> for every element, with a constant <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="b"/> is NaN.</exception>
    public static ValueVector Subtract(ValueVector a, double b) => new(Guard.NotNull(a).Tensor - Guard.Number(b));

    /// <summary><c>a - b[i]</c> for every element, with a constant <paramref name="a"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="a"/> is NaN.</exception>
    public static ValueVector Subtract(double a, ValueVector b) => new(Guard.Number(a) - Guard.NotNull(b).Tensor);

    /// <summary>Element-wise <c>a[i] * b[i]</c> of two vectors of the same shape. For the matrix product see <see cref="ValueVector.MatMul(ValueMatrix)"/>.</summary>
    /// <exception cref="ArgumentException">The shapes differ (the message states both).</exception>
    public static ValueVector Multiply(ValueVector a, ValueVector b) => new(Guard.NotNull(a).Tensor * Guard.NotNull(b).Tensor);

    /// <summary><c>a[i] * b</c> for every element.</summary>
    public static ValueVector Multiply(ValueVector a, Value b) => new(Guard.NotNull(a).Tensor * Guard.NotNull(b).Expression);

    /// <summary><c>a * b[i]</c> for every element.</summary>
    public static ValueVector Multiply(Value a, ValueVector b) => new(Guard.NotNull(a).Expression * Guard.NotNull(b).Tensor);

    /// <summary><c>a[i] * b</c> for every element, with a constant <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="b"/> is NaN.</exception>
    public static ValueVector Multiply(ValueVector a, double b) => new(Guard.NotNull(a).Tensor * Guard.Number(b));

    /// <summary><c>a * b[i]</c> for every element, with a constant <paramref name="a"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="a"/> is NaN.</exception>
    public static ValueVector Multiply(double a, ValueVector b) => new(Guard.Number(a) * Guard.NotNull(b).Tensor);

    /// <summary>Element-wise <c>a[i] / b[i]</c> of two vectors of the same shape.</summary>
    /// <exception cref="ArgumentException">The shapes differ (the message states both).</exception>
    public static ValueVector Divide(ValueVector a, ValueVector b) => new(Guard.NotNull(a).Tensor / Guard.NotNull(b).Tensor);

    /// <summary><c>a[i] / b</c> for every element.</summary>
    public static ValueVector Divide(ValueVector a, Value b) => new(Guard.NotNull(a).Tensor / Guard.NotNull(b).Expression);

    /// <summary><c>a / b[i]</c> for every element.</summary>
    public static ValueVector Divide(Value a, ValueVector b) => new(Guard.NotNull(a).Expression / Guard.NotNull(b).Tensor);

    /// <summary><c>a[i] / b</c> for every element, with a constant <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="b"/> is NaN.</exception>
    public static ValueVector Divide(ValueVector a, double b) => new(Guard.NotNull(a).Tensor / Guard.Number(b));

    /// <summary><c>a / b[i]</c> for every element, with a constant <paramref name="a"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="a"/> is NaN.</exception>
    public static ValueVector Divide(double a, ValueVector b) => new(Guard.Number(a) / Guard.NotNull(b).Tensor);

    /// <summary><c>-a[i]</c> for every element.</summary>
    public static ValueVector Negate(ValueVector a) => new(-Guard.NotNull(a).Tensor);

    /// <summary><c>a + b</c>; see <see cref="Add(ValueVector, ValueVector)"/>.</summary>
    public static ValueVector operator +(ValueVector a, ValueVector b) => Add(a, b);

    /// <summary><c>a + b</c>; see <see cref="Add(ValueVector, Value)"/>.</summary>
    public static ValueVector operator +(ValueVector a, Value b) => Add(a, b);

    /// <summary><c>a + b</c>; see <see cref="Add(Value, ValueVector)"/>.</summary>
    public static ValueVector operator +(Value a, ValueVector b) => Add(a, b);

    /// <summary><c>a + b</c>; see <see cref="Add(ValueVector, double)"/>.</summary>
    public static ValueVector operator +(ValueVector a, double b) => Add(a, b);

    /// <summary><c>a + b</c>; see <see cref="Add(double, ValueVector)"/>.</summary>
    public static ValueVector operator +(double a, ValueVector b) => Add(a, b);

    /// <summary><c>a - b</c>; see <see cref="Subtract(ValueVector, ValueVector)"/>.</summary>
    public static ValueVector operator -(ValueVector a, ValueVector b) => Subtract(a, b);

    /// <summary><c>a - b</c>; see <see cref="Subtract(ValueVector, Value)"/>.</summary>
    public static ValueVector operator -(ValueVector a, Value b) => Subtract(a, b);

    /// <summary><c>a - b</c>; see <see cref="Subtract(Value, ValueVector)"/>.</summary>
    public static ValueVector operator -(Value a, ValueVector b) => Subtract(a, b);

    /// <summary><c>a - b</c>; see <see cref="Subtract(ValueVector, double)"/>.</summary>
    public static ValueVector operator -(ValueVector a, double b) => Subtract(a, b);

    /// <summary><c>a - b</c>; see <see cref="Subtract(double, ValueVector)"/>.</summary>
    public static ValueVector operator -(double a, ValueVector b) => Subtract(a, b);

    /// <summary><c>a * b</c>; see <see cref="Multiply(ValueVector, ValueVector)"/>.</summary>
    public static ValueVector operator *(ValueVector a, ValueVector b) => Multiply(a, b);

    /// <summary><c>a * b</c>; see <see cref="Multiply(ValueVector, Value)"/>.</summary>
    public static ValueVector operator *(ValueVector a, Value b) => Multiply(a, b);

    /// <summary><c>a * b</c>; see <see cref="Multiply(Value, ValueVector)"/>.</summary>
    public static ValueVector operator *(Value a, ValueVector b) => Multiply(a, b);

    /// <summary><c>a * b</c>; see <see cref="Multiply(ValueVector, double)"/>.</summary>
    public static ValueVector operator *(ValueVector a, double b) => Multiply(a, b);

    /// <summary><c>a * b</c>; see <see cref="Multiply(double, ValueVector)"/>.</summary>
    public static ValueVector operator *(double a, ValueVector b) => Multiply(a, b);

    /// <summary><c>a / b</c>; see <see cref="Divide(ValueVector, ValueVector)"/>.</summary>
    public static ValueVector operator /(ValueVector a, ValueVector b) => Divide(a, b);

    /// <summary><c>a / b</c>; see <see cref="Divide(ValueVector, Value)"/>.</summary>
    public static ValueVector operator /(ValueVector a, Value b) => Divide(a, b);

    /// <summary><c>a / b</c>; see <see cref="Divide(Value, ValueVector)"/>.</summary>
    public static ValueVector operator /(Value a, ValueVector b) => Divide(a, b);

    /// <summary><c>a / b</c>; see <see cref="Divide(ValueVector, double)"/>.</summary>
    public static ValueVector operator /(ValueVector a, double b) => Divide(a, b);

    /// <summary><c>a / b</c>; see <see cref="Divide(double, ValueVector)"/>.</summary>
    public static ValueVector operator /(double a, ValueVector b) => Divide(a, b);

    /// <summary><c>-a</c>; see <see cref="Negate(ValueVector)"/>.</summary>
    public static ValueVector operator -(ValueVector a) => Negate(a);
}
