namespace Backprop.Fluent.Tests;

/// <summary>Derivatives as values from C#: second derivatives, Hessians, Jacobians.</summary>
public class DerivativeTests
{
    [Fact]
    public void A_derivative_is_a_value_that_is_differentiated_again()
    {
        var x = Value.Of(0.7, "x");
        var f = x.Sin() * x;
        var second = f.Grad(x).Grad(x);
        // (x sin x)'' = 2 cos x - x sin x
        Assert.Equal(2 * Math.Cos(0.7) - 0.7 * Math.Sin(0.7), second.Data, 12);
    }

    [Fact]
    public void The_derivative_prints_as_an_expression_sharing_the_original()
    {
        var x = Value.Of(3.0, "x");
        Assert.Equal("(x + x)", (x * x).Grad(x).ToString());
    }

    [Fact]
    public void The_Rosenbrock_Hessian_at_one_one_is_the_textbook_matrix()
    {
        var x = Value.Of(1.0, "x");
        var y = Value.Of(1.0, "y");
        var f = (1 - x).Pow(2) + 100 * (y - x.Pow(2)).Pow(2);
        Assert.Equal(new double[,] { { 802, -400 }, { -400, 200 } }, f.Hessian(x, y));
    }

    [Fact]
    public void A_Hessian_vector_product_equals_the_Hessian_times_the_vector()
    {
        var x = Value.Of(1.0, "x");
        var y = Value.Of(3.0, "y");
        var f = x.Pow(2) * y;
        Assert.Equal(new[] { 6 * 1.0 + 2 * -2.0, 2 * 1.0 + 0 }, f.HessianVectorProduct([x, y], [1.0, -2.0]));
    }

    [Fact]
    public void The_Jacobian_has_a_row_per_output_and_a_column_per_variable()
    {
        var x = Value.Of(2.0, "x");
        var y = Value.Of(0.5, "y");
        var j = Value.Jacobian([x * y, x + y.Cos()], [x, y]);
        Assert.Equal(new double[,] { { 0.5, 2.0 }, { 1.0, -Math.Sin(0.5) } }, j);
    }

    [Fact]
    public void Differentiating_with_respect_to_a_computed_value_is_refused()
    {
        var x = Value.Of(2.0, "x");
        var error = Assert.Throws<ArgumentException>(() => (x * x).Grad(x + 1));
        Assert.Contains("not one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Newtons_method_reaches_the_Rosenbrock_minimum_in_a_few_steps()
    {
        double px = -1.2, py = 1.0;
        var steps = 0;
        for (; steps < 50; steps++)
        {
            var x = Value.Of(px, "x");
            var y = Value.Of(py, "y");
            var f = (1 - x).Pow(2) + 100 * (y - x.Pow(2)).Pow(2);
            var (gx, gy) = (f.Grad(x).Data, f.Grad(y).Data);
            var h = f.Hessian(x, y);
            var det = h[0, 0] * h[1, 1] - h[0, 1] * h[1, 0];
            var dx = (-gx * h[1, 1] + gy * h[0, 1]) / det;
            var dy = (-gy * h[0, 0] + gx * h[1, 0]) / det;
            (px, py) = (px + dx, py + dy);
            if (Math.Abs(dx) < 1e-15 && Math.Abs(dy) < 1e-15)
            {
                break;
            }
        }

        Assert.Equal(1.0, px, 12);
        Assert.Equal(1.0, py, 12);
        Assert.InRange(steps, 1, 10);
    }
}
