namespace Backprop.Fluent.Tests;

/// <summary>Functions defined from C#: a value on numbers and a derivative written with values.</summary>
public class CustomFunctionTests
{
    private static readonly CustomFunction Softplus = CustomFunction.Unary("softplus",
        x => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x))),
        (x, y) => x.Sigmoid());

    private static readonly CustomFunction LogSumExp = CustomFunction.Binary("logsumexp",
        (a, b) =>
        {
            var m = Math.Max(a, b);
            return m + Math.Log(Math.Exp(a - m) + Math.Exp(b - m));
        },
        (a, b, y) => (a - y).Exp(),
        (a, b, y) => (b - y).Exp());

    [Fact]
    public void A_custom_function_has_its_value_and_gradient_and_stays_finite_where_the_naive_formula_overflows()
    {
        var w = Value.Of(500.0, "w");
        var loss = Softplus.Apply(w * 3.0);
        var gradients = loss.Backward();
        Assert.Equal(1500.0, gradients.Value);
        Assert.Equal(3.0, gradients[w]);
        Assert.Equal(double.PositiveInfinity, (1 + (w * 3.0).Exp()).Log().Backward().Value);
    }

    [Fact]
    public void The_gradient_check_agrees_with_its_derivative()
    {
        var a = Value.Of(0.3, "a");
        var b = Value.Of(-1.2, "b");
        var report = LogSumExp.Apply(a * b, Softplus.Apply(a)).CheckGradients();
        Assert.True(report.Passed);
    }

    [Fact]
    public void Its_derivative_is_a_value_that_is_differentiated_again()
    {
        var x = Value.Of(0.4, "x");
        var second = Softplus.Apply(x).Grad(x).Grad(x);
        var s = 1 / (1 + Math.Exp(-0.4));
        Assert.Equal(s * (1 - s), second.Data, 14);
        Assert.Equal("softplus(x)", Softplus.Apply(x).ToString());
    }

    [Fact]
    public void A_derivative_that_uses_another_value_is_refused()
    {
        var k = Value.Of(2.0, "k");
        Assert.Throws<ArgumentException>(() => CustomFunction.Unary("scaled", x => 2 * x, (x, y) => k));
    }

    [Fact]
    public void Applying_it_to_the_wrong_number_of_operands_is_refused()
    {
        var x = Value.Of(1.0, "x");
        Assert.Throws<InvalidOperationException>(() => LogSumExp.Apply(x));
        Assert.Throws<InvalidOperationException>(() => Softplus.Apply(x, x));
    }
}
