namespace Backprop.Fluent.Tests;

/// <summary>
/// The operators' contract: every operator gives what its named method gives, a double on either
/// side is a constant, and null or NaN operands are rejected where they enter.
/// </summary>
public class OperatorContractTests
{
    private static readonly Value A = Value.Of(3.0, "a");
    private static readonly Value B = Value.Of(-2.0, "b");

    public static TheoryData<string, Func<Value>, double, double, double> Operators => new()
    {
        // name, expression, value, d/da, d/db
        { "a + b", () => A + B, 1.0, 1.0, 1.0 },
        { "a - b", () => A - B, 5.0, 1.0, -1.0 },
        { "a * b", () => A * B, -6.0, -2.0, 3.0 },
        { "a / b", () => A / B, -1.5, -0.5, -0.75 },
        { "-a", () => -A, -3.0, -1.0, 0.0 },
        { "a + 1", () => A + 1, 4.0, 1.0, 0.0 },
        { "1 + a", () => 1 + A, 4.0, 1.0, 0.0 },
        { "a - 1", () => A - 1, 2.0, 1.0, 0.0 },
        { "1 - a", () => 1 - A, -2.0, -1.0, 0.0 },
        { "a * 2", () => A * 2, 6.0, 2.0, 0.0 },
        { "2 * a", () => 2 * A, 6.0, 2.0, 0.0 },
        { "a / 2", () => A / 2, 1.5, 0.5, 0.0 },
        { "6 / a", () => 6 / A, 2.0, -6.0 / 9.0, 0.0 },
        { "a ** 2", () => A.Pow(2), 9.0, 6.0, 0.0 },
        { "a ** b", () => A.Pow(B), 1.0 / 9.0, -2.0 / 27.0, Math.Log(3.0) / 9.0 },
        { "exp a", () => A.Exp(), Math.Exp(3.0), Math.Exp(3.0), 0.0 },
        { "log a", () => A.Log(), Math.Log(3.0), 1.0 / 3.0, 0.0 },
        { "tanh b", () => B.Tanh(), Math.Tanh(-2.0), 0.0, 1 - Math.Tanh(-2.0) * Math.Tanh(-2.0) },
        { "sigmoid b", () => B.Sigmoid(), 1 / (1 + Math.Exp(2.0)), 0.0, Math.Exp(2.0) / Math.Pow(1 + Math.Exp(2.0), 2) },
        { "relu a", () => A.Relu(), 3.0, 1.0, 0.0 },
        { "relu b", () => B.Relu(), 0.0, 0.0, 0.0 },
        { "max(a, b)", () => Value.Max(A, B), 3.0, 1.0, 0.0 },
        { "min(a, b)", () => Value.Min(A, B), -2.0, 0.0, 1.0 },
        { "sum(a, b, a)", () => Value.Sum([A, B, A]), 4.0, 2.0, 1.0 },
    };

    [Theory]
    [MemberData(nameof(Operators))]
    public void Each_operation_has_its_value_and_local_derivatives(string name, Func<Value> build, double value, double da, double db)
    {
        var output = build();
        var g = output.Backward();

        Assert.True(Math.Abs(value - g.Value) <= Precision.Exact, $"{name}: value {g.Value}, expected {value}");
        Assert.True(Math.Abs(da - g[A]) <= Precision.Exact, $"{name}: d/da {g[A]}, expected {da}");
        Assert.True(Math.Abs(db - g[B]) <= Precision.Exact, $"{name}: d/db {g[B]}, expected {db}");
    }

    [Fact]
    public void Operators_give_the_same_numbers_as_their_named_methods()
    {
        var pairs = new (Value Operator, Value Method)[]
        {
            (A + B, Value.Add(A, B)), (A + 1, Value.Add(A, 1)), (1 + A, Value.Add(1, A)),
            (A - B, Value.Subtract(A, B)), (A - 1, Value.Subtract(A, 1)), (1 - A, Value.Subtract(1, A)),
            (A * B, Value.Multiply(A, B)), (A * 2, Value.Multiply(A, 2)), (2 * A, Value.Multiply(2, A)),
            (A / B, Value.Divide(A, B)), (A / 2, Value.Divide(A, 2)), (2 / A, Value.Divide(2, A)),
            (-A, Value.Negate(A)),
        };

        foreach (var (viaOperator, viaMethod) in pairs)
        {
            Assert.Equal(viaMethod.Data, viaOperator.Data);
            Assert.Equal(viaMethod.Backward()[A], viaOperator.Backward()[A]);
        }
    }

    [Fact]
    public void A_double_operand_is_a_constant_with_no_gradient_of_its_own()
    {
        var g = (A * 2).Backward();

        Assert.Equal(["a"], g.Variables.Keys);
    }

    [Fact]
    public void Null_operands_are_rejected_with_argument_null_errors()
    {
        Value nothing = null!;

        Assert.Throws<ArgumentNullException>(() => A + nothing);
        Assert.Throws<ArgumentNullException>(() => nothing + 1.0);
        Assert.Throws<ArgumentNullException>(() => 1.0 - nothing);
        Assert.Throws<ArgumentNullException>(() => nothing * A);
        Assert.Throws<ArgumentNullException>(() => A / nothing);
        Assert.Throws<ArgumentNullException>(() => -nothing);
        Assert.Throws<ArgumentNullException>(() => Value.Max(nothing, A));
    }

    [Fact]
    public void NaN_operands_are_rejected_with_argument_errors_that_say_NaN()
    {
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => A + double.NaN).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => double.NaN - A);
        Assert.Throws<ArgumentException>(() => A * double.NaN);
        Assert.Throws<ArgumentException>(() => double.NaN / A);
        Assert.Throws<ArgumentException>(() => A.Pow(double.NaN));
        Assert.Throws<ArgumentException>(() => Value.Constant(double.NaN));
    }

    [Fact]
    public void NaN_produced_inside_a_computation_propagates_rather_than_throwing()
    {
        var g = Value.Of(-1.0, "x").Log().Backward();

        Assert.True(double.IsNaN(g.Value));
    }

    [Fact]
    public void Equality_is_identity_two_values_built_alike_are_two_nodes()
    {
        var first = A + B;
        var second = A + B;

        Assert.NotEqual(first, second);
        Assert.Equal(first.Data, second.Data);
        Assert.Equal(1.0, (first * second).Backward()[first] / second.Data);
    }

    [Fact]
    public void Unnamed_leaves_get_reserved_names_and_still_have_gradients()
    {
        var x = Value.Of(5.0);

        var g = (x * x).Backward();

        Assert.StartsWith("$", x.Name, StringComparison.Ordinal);
        Assert.Equal(10.0, g[x]);
        Assert.Equal(10.0, g.Variables[x.Name!]);
    }

    [Fact]
    public void Constants_and_computed_values_have_no_name()
    {
        Assert.Null(Value.Constant(1.0).Name);
        Assert.Null((A + 1).Name);
        Assert.Equal("a", A.Name);
        Assert.True(A.IsVariable);
    }

    [Fact]
    public void ToString_renders_the_expression()
    {
        Assert.Equal("((a * b) + 10)", (A * B + 10).ToString());
    }

    [Fact]
    public void A_million_node_chain_differentiates_without_overflowing_the_stack()
    {
        var x = Value.Of(1.0, "x");
        var y = x;
        for (var i = 0; i < 1_000_000; i++)
        {
            y = y + x;
        }

        Assert.Equal(1_000_001.0, y.Backward()[x]);
    }
}
