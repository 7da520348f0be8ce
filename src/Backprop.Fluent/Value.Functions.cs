using Core = Backprop.Functional;

namespace Backprop.Fluent;

// The differentiable functions; each forwards to the core constructor of the same name, where
// its value and local derivative are defined side by side.
public sealed partial class Value
{
    /// <summary><c>this ** exponent</c> with a constant exponent: differentiated in the base only, <c>c·x**(c-1)</c>.</summary>
    /// <param name="exponent">The exponent; NaN is rejected.</param>
    public Value Pow(double exponent) => new(Core.Expr.Pow(Expression, Guard.Number(exponent)));

    /// <summary>
    /// <c>this ** exponent</c>, differentiated in the base and in the exponent (<c>x**y · log x</c>,
    /// which is NaN for a base ≤ 0 — reported, not hidden).
    /// </summary>
    /// <param name="exponent">The exponent.</param>
    public Value Pow(Value exponent) => new(Core.ExprModule.Power(Expression, Guard.NotNull(exponent).Expression));

    /// <summary><c>e**this</c>.</summary>
    public Value Exp() => new(Core.ExprModule.Exp(Expression));

    /// <summary>The natural logarithm; <c>log 0 = -∞</c> and negative numbers give NaN, per IEEE-754.</summary>
    public Value Log() => new(Core.ExprModule.Log(Expression));

    /// <summary>The hyperbolic tangent, stable for any finite number (<c>tanh 1000 = 1</c> with gradient 0).</summary>
    public Value Tanh() => new(Core.ExprModule.Tanh(Expression));

    /// <summary>The logistic function <c>1 / (1 + e**-x)</c>, stable for any finite number (<c>sigmoid(-1000) = 0</c>).</summary>
    public Value Sigmoid() => new(Core.ExprModule.Sigmoid(Expression));

    /// <summary><c>max(0, this)</c>, with derivative 0 at 0 (the micrograd and PyTorch convention).</summary>
    public Value Relu() => new(Core.ExprModule.Relu(Expression));

    /// <summary>The sine, in radians; its derivative is the cosine.</summary>
    public Value Sin() => new(Core.ExprModule.Sin(Expression));

    /// <summary>The cosine, in radians; its derivative is minus the sine.</summary>
    public Value Cos() => new(Core.ExprModule.Cos(Expression));

    /// <summary>The absolute value; its derivative is the sign, and 0 at 0 (as PyTorch).</summary>
    public Value Abs() => new(Core.ExprModule.Abs(Expression));

    /// <summary>The square root, correctly rounded; its derivative is <c>0.5 / √x</c> (infinite at 0).</summary>
    public Value Sqrt() => new(Core.ExprModule.Sqrt(Expression));

    /// <summary>The larger of two values; the gradient goes to the larger one, to <paramref name="b"/> on a tie, and to a NaN operand.</summary>
    public static Value Max(Value a, Value b) => new(Core.ExprModule.Max(Guard.NotNull(a).Expression, Guard.NotNull(b).Expression));

    /// <summary>The smaller of two values; the gradient goes to the smaller one, to <paramref name="b"/> on a tie, and to a NaN operand.</summary>
    public static Value Min(Value a, Value b) => new(Core.ExprModule.Min(Guard.NotNull(a).Expression, Guard.NotNull(b).Expression));

    /// <summary>The sum of <paramref name="terms"/>, a chain of additions; the constant 0 when there are none.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="terms"/> or one of its items is null.</exception>
    public static Value Sum(IEnumerable<Value> terms) =>
        new(Core.ExprModule.Sum(Guard.NotNull(terms).Select(term => Guard.NotNull(term, nameof(terms)).Expression).ToArray()));
}
