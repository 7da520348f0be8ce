namespace Backprop.Fluent.Tests;

/// <summary>Numeric gradient checks run from C#.</summary>
public class GradientCheckTests
{
    [Fact]
    public void The_hackers_guide_function_passes_the_check_with_numeric_close_to_analytic()
    {
        var x = Value.Of(3.0, "x");
        var y = Value.Of(-4.0, "y");
        var f = (x + y.Sigmoid()) / (x.Sigmoid() + (x + y).Pow(2));

        var report = f.CheckGradients();

        Assert.True(report.Passed);
        Assert.Equal(["x", "y"], report.Variables.Select(v => v.Name));
        Assert.Equal(2.0595697955721652, report.Variables[0].Analytic, Precision.Exact);
        Assert.Equal(report.Variables[0].Analytic, report.Variables[0].Numeric, 1e-6);
        Assert.Equal(1.5456448841066441, report.Value, Precision.Exact);
        Assert.Equal(GradientCheckOptions.Default.Step, report.Step);
    }

    [Fact]
    public void Relu_at_zero_fails_the_check_because_its_derivative_there_is_a_convention()
    {
        var x = Value.Of(0.0, "x");

        var report = x.Relu().CheckGradients();

        Assert.False(report.Passed);
        Assert.Equal(0.0, report.Variables[0].Analytic);
        Assert.Equal(0.5, report.Variables[0].Numeric, 1e-9);
        Assert.Contains("FAILED", report.Variables[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_change_step_and_tolerance_without_changing_the_defaults()
    {
        var options = GradientCheckOptions.Default.WithStep(1e-4).WithTolerance(1e-3);

        var report = (Value.Of(2.0, "x").Pow(3)).CheckGradients(options);

        Assert.Equal(1e-4, report.Step);
        Assert.Equal(1e-3, report.Tolerance);
        Assert.Equal(1e-6, GradientCheckOptions.Default.Step);
        Assert.True(report.Passed);
    }

    [Fact]
    public void A_step_that_is_not_positive_and_finite_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientCheckOptions.Default.WithStep(0.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientCheckOptions.Default.WithTolerance(double.NaN));
    }

    [Fact]
    public void A_value_checks_its_gradients_at_a_point_given_by_bindings()
    {
        var x = Value.Variable("x");

        var report = (x * x).CheckGradients(new Dictionary<string, double> { ["x"] = 3.0 });

        Assert.Equal(9.0, report.Value);
        Assert.Equal(6.0, report.Variables.Single().Analytic);
        Assert.Equal(3.0, report.Variables.Single().Value);
    }

    [Fact]
    public void A_computation_checks_its_gradients_at_given_inputs()
    {
        var computation = Computation.Define()
            .WithInput("x").WithParameter("w", 0.7)
            .WithOutput("y", s => (s["x"] * s["w"]).Tanh())
            .Build();

        var report = computation.CheckGradients(new Dictionary<string, double> { ["x"] = 1.3 });

        Assert.True(report.Passed);
        Assert.Equal(2, report.Variables.Count);
    }
}
