namespace Backprop.Fluent;

// Operators are sugar: each forwards to the named method of Value.Arithmetic.cs.
// A double on either side is a constant (no gradient). == and != are deliberately not
// overloaded: they compare node identity, never numbers.
public sealed partial class Value
{
    /// <summary><c>a + b</c>; see <see cref="Add(Value, Value)"/>.</summary>
    public static Value operator +(Value a, Value b) => Add(a, b);

    /// <summary><c>a + b</c>; see <see cref="Add(Value, double)"/>.</summary>
    public static Value operator +(Value a, double b) => Add(a, b);

    /// <summary><c>a + b</c>; see <see cref="Add(double, Value)"/>.</summary>
    public static Value operator +(double a, Value b) => Add(a, b);

    /// <summary><c>a - b</c>; see <see cref="Subtract(Value, Value)"/>.</summary>
    public static Value operator -(Value a, Value b) => Subtract(a, b);

    /// <summary><c>a - b</c>; see <see cref="Subtract(Value, double)"/>.</summary>
    public static Value operator -(Value a, double b) => Subtract(a, b);

    /// <summary><c>a - b</c>; see <see cref="Subtract(double, Value)"/>.</summary>
    public static Value operator -(double a, Value b) => Subtract(a, b);

    /// <summary><c>a · b</c>; see <see cref="Multiply(Value, Value)"/>.</summary>
    public static Value operator *(Value a, Value b) => Multiply(a, b);

    /// <summary><c>a · b</c>; see <see cref="Multiply(Value, double)"/>.</summary>
    public static Value operator *(Value a, double b) => Multiply(a, b);

    /// <summary><c>a · b</c>; see <see cref="Multiply(double, Value)"/>.</summary>
    public static Value operator *(double a, Value b) => Multiply(a, b);

    /// <summary><c>a / b</c>; see <see cref="Divide(Value, Value)"/>.</summary>
    public static Value operator /(Value a, Value b) => Divide(a, b);

    /// <summary><c>a / b</c>; see <see cref="Divide(Value, double)"/>.</summary>
    public static Value operator /(Value a, double b) => Divide(a, b);

    /// <summary><c>a / b</c>; see <see cref="Divide(double, Value)"/>.</summary>
    public static Value operator /(double a, Value b) => Divide(a, b);

    /// <summary><c>-a</c>; see <see cref="Negate(Value)"/>.</summary>
    public static Value operator -(Value a) => Negate(a);
}
