namespace Backprop.Fluent;

// The named forms of the arithmetic operators (for languages without operator overloading);
// each forwards to the core's operator. Subtraction, negation and division are primitives there:
// one node and one rounding each (1e-300 / 1e-310 = 1e10).
public sealed partial class Value
{
    /// <summary><c>a + b</c>.</summary>
    /// <exception cref="ArgumentNullException">An operand is null.</exception>
    public static Value Add(Value a, Value b) => new(Guard.NotNull(a).Expression + Guard.NotNull(b).Expression);

    /// <summary><c>a + b</c> with a constant <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="b"/> is NaN.</exception>
    public static Value Add(Value a, double b) => new(Guard.NotNull(a).Expression + Guard.Number(b));

    /// <summary><c>a + b</c> with a constant <paramref name="a"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="a"/> is NaN.</exception>
    public static Value Add(double a, Value b) => new(Guard.Number(a) + Guard.NotNull(b).Expression);

    /// <summary><c>a - b</c>.</summary>
    public static Value Subtract(Value a, Value b) => new(Guard.NotNull(a).Expression - Guard.NotNull(b).Expression);

    /// <summary><c>a - b</c> with a constant <paramref name="b"/>.</summary>
    public static Value Subtract(Value a, double b) => new(Guard.NotNull(a).Expression - Guard.Number(b));

    /// <summary><c>a - b</c> with a constant <paramref name="a"/>.</summary>
    public static Value Subtract(double a, Value b) => new(Guard.Number(a) - Guard.NotNull(b).Expression);

    /// <summary><c>a · b</c>.</summary>
    public static Value Multiply(Value a, Value b) => new(Guard.NotNull(a).Expression * Guard.NotNull(b).Expression);

    /// <summary><c>a · b</c> with a constant <paramref name="b"/>.</summary>
    public static Value Multiply(Value a, double b) => new(Guard.NotNull(a).Expression * Guard.Number(b));

    /// <summary><c>a · b</c> with a constant <paramref name="a"/>.</summary>
    public static Value Multiply(double a, Value b) => new(Guard.Number(a) * Guard.NotNull(b).Expression);

    /// <summary><c>a / b</c>, in one rounding; dividing by zero gives an infinity or NaN, per IEEE-754.</summary>
    public static Value Divide(Value a, Value b) => new(Guard.NotNull(a).Expression / Guard.NotNull(b).Expression);

    /// <summary><c>a / b</c> with a constant <paramref name="b"/>.</summary>
    public static Value Divide(Value a, double b) => new(Guard.NotNull(a).Expression / Guard.Number(b));

    /// <summary><c>a / b</c> with a constant <paramref name="a"/>.</summary>
    public static Value Divide(double a, Value b) => new(Guard.Number(a) / Guard.NotNull(b).Expression);

    /// <summary><c>-a</c>.</summary>
    public static Value Negate(Value a) => new(-Guard.NotNull(a).Expression);
}
