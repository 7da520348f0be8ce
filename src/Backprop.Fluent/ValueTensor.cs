using Core = Backprop.Functional;

namespace Backprop.Fluent;

/// <summary>
/// What vectors and matrices of <see cref="Value"/>s share: the core tensor they stand for and
/// element-wise arithmetic, stated once for both. Each named method forwards to the core tensor's
/// operator, which applies the scalar operator to each element (no broadcasting but of a scalar);
/// each operator forwards to the named method. A double on either side is a constant.
/// </summary>
/// <typeparam name="TSelf">The vector or matrix type itself, which every operation returns.</typeparam>
/// <remarks>
/// Operands must have the same shape; otherwise an <see cref="ArgumentException"/> states both.
/// Derive only through <see cref="ValueVector"/> and <see cref="ValueMatrix"/>.
/// </remarks>
public abstract class ValueTensor<TSelf>
    where TSelf : ValueTensor<TSelf>
{
    private protected ValueTensor(Core.Tensor tensor) => Tensor = tensor;

    /// <summary>The core tensor this vector or matrix stands for.</summary>
    internal Core.Tensor Tensor { get; }

    /// <summary>A tensor of the same kind as this one (a vector or a matrix) around a core tensor.</summary>
    private protected abstract TSelf Wrap(Core.Tensor tensor);

    /// <summary>
    /// The number of every element in row-major order, from one compile of all elements together
    /// and one forward sweep; <paramref name="bindings"/> win over the leaves' own numbers.
    /// </summary>
    /// <exception cref="InvalidOperationException">A variable has no number.</exception>
    private protected double[] Numbers(IReadOnlyDictionary<string, double> bindings)
    {
        Guard.Bindings(bindings);
        var elements = Tensor.Elements;
        if (elements.Count == 0)
        {
            return [];
        }

        var tape = Core.TapeModule.CompileRoots(elements[0], elements);
        var values = new double[tape.Length];
        tape.Forward(tape.Inputs(LeafBindings.Collect(tape, bindings)), values);
        return elements.Select(element => FSharpInterop.TryIndexOf(tape.Graph, element, out var index)
            ? values[index]
            : throw new InvalidOperationException("An element is missing from its own tape.")).ToArray();
    }

    /// <summary>Element-wise <c>a[i] + b[i]</c> of two operands of the same shape.</summary>
    /// <exception cref="ArgumentException">The shapes differ (the message states both).</exception>
    public static TSelf Add(ValueTensor<TSelf> a, ValueTensor<TSelf> b) => Guard.NotNull(a).Wrap(a.Tensor + Guard.NotNull(b).Tensor);

    /// <summary><c>a[i] + b</c> for every element.</summary>
    public static TSelf Add(ValueTensor<TSelf> a, Value b) => Guard.NotNull(a).Wrap(a.Tensor + Guard.NotNull(b).Expression);

    /// <summary><c>a + b[i]</c> for every element.</summary>
    public static TSelf Add(Value a, ValueTensor<TSelf> b) => Guard.NotNull(b).Wrap(Guard.NotNull(a).Expression + b.Tensor);

    /// <summary><c>a[i] + b</c> for every element, with a constant <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="b"/> is NaN.</exception>
    public static TSelf Add(ValueTensor<TSelf> a, double b) => Guard.NotNull(a).Wrap(a.Tensor + Guard.Number(b));

    /// <summary><c>a + b[i]</c> for every element, with a constant <paramref name="a"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="a"/> is NaN.</exception>
    public static TSelf Add(double a, ValueTensor<TSelf> b) => Guard.NotNull(b).Wrap(Guard.Number(a) + b.Tensor);

    /// <summary>Element-wise <c>a[i] - b[i]</c> of two operands of the same shape.</summary>
    /// <exception cref="ArgumentException">The shapes differ (the message states both).</exception>
    public static TSelf Subtract(ValueTensor<TSelf> a, ValueTensor<TSelf> b) => Guard.NotNull(a).Wrap(a.Tensor - Guard.NotNull(b).Tensor);

    /// <summary><c>a[i] - b</c> for every element.</summary>
    public static TSelf Subtract(ValueTensor<TSelf> a, Value b) => Guard.NotNull(a).Wrap(a.Tensor - Guard.NotNull(b).Expression);

    /// <summary><c>a - b[i]</c> for every element.</summary>
    public static TSelf Subtract(Value a, ValueTensor<TSelf> b) => Guard.NotNull(b).Wrap(Guard.NotNull(a).Expression - b.Tensor);

    /// <summary><c>a[i] - b</c> for every element, with a constant <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="b"/> is NaN.</exception>
    public static TSelf Subtract(ValueTensor<TSelf> a, double b) => Guard.NotNull(a).Wrap(a.Tensor - Guard.Number(b));

    /// <summary><c>a - b[i]</c> for every element, with a constant <paramref name="a"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="a"/> is NaN.</exception>
    public static TSelf Subtract(double a, ValueTensor<TSelf> b) => Guard.NotNull(b).Wrap(Guard.Number(a) - b.Tensor);

    /// <summary>Element-wise <c>a[i] * b[i]</c> of two operands of the same shape.</summary>
    /// <exception cref="ArgumentException">The shapes differ (the message states both).</exception>
    public static TSelf Multiply(ValueTensor<TSelf> a, ValueTensor<TSelf> b) => Guard.NotNull(a).Wrap(a.Tensor * Guard.NotNull(b).Tensor);

    /// <summary><c>a[i] * b</c> for every element.</summary>
    public static TSelf Multiply(ValueTensor<TSelf> a, Value b) => Guard.NotNull(a).Wrap(a.Tensor * Guard.NotNull(b).Expression);

    /// <summary><c>a * b[i]</c> for every element.</summary>
    public static TSelf Multiply(Value a, ValueTensor<TSelf> b) => Guard.NotNull(b).Wrap(Guard.NotNull(a).Expression * b.Tensor);

    /// <summary><c>a[i] * b</c> for every element, with a constant <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="b"/> is NaN.</exception>
    public static TSelf Multiply(ValueTensor<TSelf> a, double b) => Guard.NotNull(a).Wrap(a.Tensor * Guard.Number(b));

    /// <summary><c>a * b[i]</c> for every element, with a constant <paramref name="a"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="a"/> is NaN.</exception>
    public static TSelf Multiply(double a, ValueTensor<TSelf> b) => Guard.NotNull(b).Wrap(Guard.Number(a) * b.Tensor);

    /// <summary>Element-wise <c>a[i] / b[i]</c> of two operands of the same shape.</summary>
    /// <exception cref="ArgumentException">The shapes differ (the message states both).</exception>
    public static TSelf Divide(ValueTensor<TSelf> a, ValueTensor<TSelf> b) => Guard.NotNull(a).Wrap(a.Tensor / Guard.NotNull(b).Tensor);

    /// <summary><c>a[i] / b</c> for every element.</summary>
    public static TSelf Divide(ValueTensor<TSelf> a, Value b) => Guard.NotNull(a).Wrap(a.Tensor / Guard.NotNull(b).Expression);

    /// <summary><c>a / b[i]</c> for every element.</summary>
    public static TSelf Divide(Value a, ValueTensor<TSelf> b) => Guard.NotNull(b).Wrap(Guard.NotNull(a).Expression / b.Tensor);

    /// <summary><c>a[i] / b</c> for every element, with a constant <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="b"/> is NaN.</exception>
    public static TSelf Divide(ValueTensor<TSelf> a, double b) => Guard.NotNull(a).Wrap(a.Tensor / Guard.Number(b));

    /// <summary><c>a / b[i]</c> for every element, with a constant <paramref name="a"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="a"/> is NaN.</exception>
    public static TSelf Divide(double a, ValueTensor<TSelf> b) => Guard.NotNull(b).Wrap(Guard.Number(a) / b.Tensor);

    /// <summary><c>-a[i]</c> for every element.</summary>
    public static TSelf Negate(ValueTensor<TSelf> a) => Guard.NotNull(a).Wrap(-a.Tensor);

    /// <summary><c>a + b</c>; see <see cref="Add(ValueTensor{TSelf}, ValueTensor{TSelf})"/>.</summary>
    public static TSelf operator +(ValueTensor<TSelf> a, ValueTensor<TSelf> b) => Add(a, b);

    /// <summary><c>a + b</c>; see <see cref="Add(ValueTensor{TSelf}, Value)"/>.</summary>
    public static TSelf operator +(ValueTensor<TSelf> a, Value b) => Add(a, b);

    /// <summary><c>a + b</c>; see <see cref="Add(Value, ValueTensor{TSelf})"/>.</summary>
    public static TSelf operator +(Value a, ValueTensor<TSelf> b) => Add(a, b);

    /// <summary><c>a + b</c>; see <see cref="Add(ValueTensor{TSelf}, double)"/>.</summary>
    public static TSelf operator +(ValueTensor<TSelf> a, double b) => Add(a, b);

    /// <summary><c>a + b</c>; see <see cref="Add(double, ValueTensor{TSelf})"/>.</summary>
    public static TSelf operator +(double a, ValueTensor<TSelf> b) => Add(a, b);

    /// <summary><c>a - b</c>; see <see cref="Subtract(ValueTensor{TSelf}, ValueTensor{TSelf})"/>.</summary>
    public static TSelf operator -(ValueTensor<TSelf> a, ValueTensor<TSelf> b) => Subtract(a, b);

    /// <summary><c>a - b</c>; see <see cref="Subtract(ValueTensor{TSelf}, Value)"/>.</summary>
    public static TSelf operator -(ValueTensor<TSelf> a, Value b) => Subtract(a, b);

    /// <summary><c>a - b</c>; see <see cref="Subtract(Value, ValueTensor{TSelf})"/>.</summary>
    public static TSelf operator -(Value a, ValueTensor<TSelf> b) => Subtract(a, b);

    /// <summary><c>a - b</c>; see <see cref="Subtract(ValueTensor{TSelf}, double)"/>.</summary>
    public static TSelf operator -(ValueTensor<TSelf> a, double b) => Subtract(a, b);

    /// <summary><c>a - b</c>; see <see cref="Subtract(double, ValueTensor{TSelf})"/>.</summary>
    public static TSelf operator -(double a, ValueTensor<TSelf> b) => Subtract(a, b);

    /// <summary><c>a * b</c>; see <see cref="Multiply(ValueTensor{TSelf}, ValueTensor{TSelf})"/>.</summary>
    public static TSelf operator *(ValueTensor<TSelf> a, ValueTensor<TSelf> b) => Multiply(a, b);

    /// <summary><c>a * b</c>; see <see cref="Multiply(ValueTensor{TSelf}, Value)"/>.</summary>
    public static TSelf operator *(ValueTensor<TSelf> a, Value b) => Multiply(a, b);

    /// <summary><c>a * b</c>; see <see cref="Multiply(Value, ValueTensor{TSelf})"/>.</summary>
    public static TSelf operator *(Value a, ValueTensor<TSelf> b) => Multiply(a, b);

    /// <summary><c>a * b</c>; see <see cref="Multiply(ValueTensor{TSelf}, double)"/>.</summary>
    public static TSelf operator *(ValueTensor<TSelf> a, double b) => Multiply(a, b);

    /// <summary><c>a * b</c>; see <see cref="Multiply(double, ValueTensor{TSelf})"/>.</summary>
    public static TSelf operator *(double a, ValueTensor<TSelf> b) => Multiply(a, b);

    /// <summary><c>a / b</c>; see <see cref="Divide(ValueTensor{TSelf}, ValueTensor{TSelf})"/>.</summary>
    public static TSelf operator /(ValueTensor<TSelf> a, ValueTensor<TSelf> b) => Divide(a, b);

    /// <summary><c>a / b</c>; see <see cref="Divide(ValueTensor{TSelf}, Value)"/>.</summary>
    public static TSelf operator /(ValueTensor<TSelf> a, Value b) => Divide(a, b);

    /// <summary><c>a / b</c>; see <see cref="Divide(Value, ValueTensor{TSelf})"/>.</summary>
    public static TSelf operator /(Value a, ValueTensor<TSelf> b) => Divide(a, b);

    /// <summary><c>a / b</c>; see <see cref="Divide(ValueTensor{TSelf}, double)"/>.</summary>
    public static TSelf operator /(ValueTensor<TSelf> a, double b) => Divide(a, b);

    /// <summary><c>a / b</c>; see <see cref="Divide(double, ValueTensor{TSelf})"/>.</summary>
    public static TSelf operator /(double a, ValueTensor<TSelf> b) => Divide(a, b);

    /// <summary><c>-a</c>; see <see cref="Negate(ValueTensor{TSelf})"/>.</summary>
    public static TSelf operator -(ValueTensor<TSelf> a) => Negate(a);
}
