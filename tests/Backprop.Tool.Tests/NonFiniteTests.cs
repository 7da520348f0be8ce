namespace Backprop.Tool.Tests;

/// <summary>
/// Non-finite numbers found at their source, by every command that computes numbers, and
/// <c>--fail-on-nonfinite</c> turning the warning into exit 1 for CI jobs.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class NonFiniteTests(InstalledTool tool)
{
    private const string LogOfZero = "a = 0\nb = log(a)\nc = b * 2\n";
    private const string ValueWarning = "warning: 'b' is -inf: the first binding whose value is not finite\nb = log(a)\n^\n";

    [Theory]
    [InlineData("eval")]
    [InlineData("graph")]
    [InlineData("check")]
    [InlineData("hessian")]
    public void Every_command_that_computes_values_warns_about_the_first_non_finite_one(string command)
    {
        var file = tool.WriteFile($"log0-{command}.bp", LogOfZero);
        var run = tool.Run(command, file);
        Assert.Contains(ValueWarning, run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public void A_gradient_warning_names_the_binding_where_the_reverse_sweep_first_met_a_non_finite_number()
    {
        // x*x underflows to 0, so d sqrt(a)/da = 0.5/0 = inf at a, and it is passed on to x.
        var file = tool.WriteFile("sqrt-underflow.bp", "x = 1e-200\na = x * x\nr = sqrt(a)\n");
        var run = tool.Run("eval", file);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            "sqrt-underflow.bp:2:1: warning: the gradient of 'r' with respect to 'a' is inf: the first gradient to become non-finite in the reverse sweep\na = x * x\n^\n",
            run.Stderr);
    }

    [Theory]
    [InlineData("eval")]
    [InlineData("graph")]
    [InlineData("hessian")]
    [InlineData("jacobian", "--of", "b,c")]
    [InlineData("optimize", "--rate", "0.1", "--steps", "1")]
    public void Fail_on_nonfinite_makes_the_warning_exit_1_and_still_writes_the_output(string command, params string[] options)
    {
        var file = tool.WriteFile($"log0-fail-{command}.bp", LogOfZero);
        var plain = tool.Run([command, file, .. options]);
        Assert.True(plain.ExitCode is 0 or 2, $"without the flag: exit {plain.ExitCode}");
        var run = tool.Run([command, file, .. options, "--fail-on-nonfinite"]);
        if (plain.ExitCode == 0)
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Equal(plain.Stdout, run.Stdout);
            Assert.Contains("warning:", run.Stderr);
        }
        else
        {
            Assert.Equal(plain.ExitCode, run.ExitCode);
        }
    }

    [Fact]
    public void Fail_on_nonfinite_leaves_a_finite_file_at_exit_0()
    {
        var file = tool.WriteFile("finite.bp", "a = 2\nb = log(a)\n");
        var run = tool.Run("eval", file, "--fail-on-nonfinite");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void Check_with_fail_on_nonfinite_exits_1_and_names_the_first_non_finite_binding()
    {
        var file = tool.WriteFile("log0-check.bp", LogOfZero);
        var run = tool.Run("check", file, "--fail-on-nonfinite");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(ValueWarning, run.Stderr);
    }

    [Fact]
    public void Plot_with_fail_on_nonfinite_exits_1_when_samples_are_not_finite_and_still_draws()
    {
        var file = tool.WriteFile("log-plot.bp", "x = 0.5\ny = log(x)\n");
        var path = Path.Combine(tool.Work, $"log-{Guid.NewGuid():N}.png");
        var run = tool.Run("plot", file, "--x", "x", "--from", "-1", "--to", "1", "--output", path, "--fail-on-nonfinite");
        Assert.Equal(1, run.ExitCode);
        Assert.True(File.Exists(path));
    }
}
