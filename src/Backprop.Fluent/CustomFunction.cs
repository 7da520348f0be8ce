using Core = Backprop.Functional;

namespace Backprop.Fluent;

/// <summary>
/// A differentiable function you define: its value on numbers and its derivative as
/// <see cref="Value"/>s of its operands and result, so that gradients, compiled steps, batches
/// and second derivatives (<see cref="Value.Grad(Value)"/>, <see cref="Value.Hessian"/>) all
/// use it. PyTorch's <c>autograd.Function</c>, JAX's <c>custom_jvp</c>.
/// </summary>
/// <example>
/// A softplus that never overflows, whose derivative is the sigmoid:
/// <code>
/// var softplus = CustomFunction.Unary("softplus",
///     x => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x))),
///     (x, y) => x.Sigmoid());
/// var loss = softplus.Apply(w * 3.0);
/// </code>
/// </example>
public sealed class CustomFunction
{
    private readonly Core.Operation operation;

    private CustomFunction(Core.Operation operation, int arity)
    {
        this.operation = operation;
        Arity = arity;
    }

    /// <summary>The name, as printed expressions and graphs show it.</summary>
    public string Name => operation.Name;

    /// <summary>The number of operands: 1 or 2.</summary>
    public int Arity { get; }

    /// <summary>
    /// A one-operand function: <paramref name="value"/> on numbers, and <paramref name="derivative"/>
    /// (x, y) ↦ dy/dx written with the operand x and the result y (and constants; no other value).
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty, or the derivative uses another value.</exception>
    public static CustomFunction Unary(string name, Func<double, double> value, Func<Value, Value, Value> derivative)
    {
        Guard.NotNull(value);
        Guard.NotNull(derivative);
        var operation = FSharpInterop.DefineUnary(name, value,
            (x, y) => Guard.NotNull(derivative(Value.FromExpression(x), Value.FromExpression(y)), nameof(derivative)).Expression);
        return new CustomFunction(operation, 1);
    }

    /// <summary>
    /// A two-operand function: <paramref name="value"/> on numbers, and its partials ∂y/∂a
    /// (<paramref name="derivativeA"/>) and ∂y/∂b (<paramref name="derivativeB"/>), each
    /// (a, b, y) ↦ a value written with the operands and the result.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty, or a derivative uses another value.</exception>
    public static CustomFunction Binary(
        string name,
        Func<double, double, double> value,
        Func<Value, Value, Value, Value> derivativeA,
        Func<Value, Value, Value, Value> derivativeB)
    {
        Guard.NotNull(value);
        Guard.NotNull(derivativeA);
        Guard.NotNull(derivativeB);
        var operation = FSharpInterop.DefineBinary(name, value, (a, b, y) =>
        {
            var (va, vb, vy) = (Value.FromExpression(a), Value.FromExpression(b), Value.FromExpression(y));
            return (Guard.NotNull(derivativeA(va, vb, vy), nameof(derivativeA)).Expression,
                Guard.NotNull(derivativeB(va, vb, vy), nameof(derivativeB)).Expression);
        });
        return new CustomFunction(operation, 2);
    }

    /// <summary>The function of one operand applied to <paramref name="x"/>.</summary>
    /// <exception cref="InvalidOperationException">The function takes two operands.</exception>
    public Value Apply(Value x)
    {
        if (Arity != 1)
        {
            throw new InvalidOperationException($"{Name} takes two operands.");
        }

        return Value.FromExpression(Core.CustomOperation.Apply(operation, Guard.NotNull(x).Expression));
    }

    /// <summary>The function of two operands applied to <paramref name="a"/> and <paramref name="b"/>.</summary>
    /// <exception cref="InvalidOperationException">The function takes one operand.</exception>
    public Value Apply(Value a, Value b)
    {
        if (Arity != 2)
        {
            throw new InvalidOperationException($"{Name} takes one operand.");
        }

        return Value.FromExpression(Core.CustomOperation.Apply2(operation, Guard.NotNull(a).Expression, Guard.NotNull(b).Expression));
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
