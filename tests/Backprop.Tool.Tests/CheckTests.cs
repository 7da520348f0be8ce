using System.Text.Json;

namespace Backprop.Tool.Tests;

[Collection(InstalledToolCollection.Name)]
public sealed class CheckTests(InstalledTool tool)
{
    private string Example(string name) => Path.Combine(tool.RepositoryRoot, "examples", name);

    [Theory]
    [InlineData("table", "check-neuron.table.txt")]
    [InlineData("json", "check-neuron.json")]
    public void Check_prints_analytic_numeric_and_error_per_leaf_as_the_golden_file_shows(string format, string golden)
    {
        var run = tool.Run("check", Example("neuron.bp"), "--format", format);
        Assert.Equal(0, run.ExitCode);
        Golden.Verify(tool, golden, run.Stdout);
    }

    [Fact]
    public void Check_prints_the_default_step_and_tolerance()
    {
        Assert.Contains("step 1e-06, tolerance 1e-06: ok", tool.Run("check", Example("expression.bp")).Stdout);
    }

    [Fact]
    public void Relu_at_zero_fails_the_check_with_exit_1()
    {
        var run = tool.Run("check", Example(Path.Combine("check-fails", "relu-at-zero.bp")));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("FAIL", run.Stdout);
        Assert.Contains("1 of 1 leaf of 'y' outside tolerance: x", run.Stdout);
    }

    [Fact]
    public void Relu_at_zero_in_json_reports_ok_false_and_the_failing_leaf()
    {
        var run = tool.Run("check", Example(Path.Combine("check-fails", "relu-at-zero.bp")), "--format", "json");
        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        var leaf = json.RootElement.GetProperty("leaves")[0];
        Assert.Equal("x", leaf.GetProperty("name").GetString());
        Assert.Equal(0.0, leaf.GetProperty("analytic").GetDouble());
        Assert.Equal(0.5, leaf.GetProperty("numeric").GetDouble(), 1e-9);
        Assert.False(leaf.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public void A_looser_tolerance_lets_relu_at_zero_pass()
    {
        var file = Example(Path.Combine("check-fails", "relu-at-zero.bp"));
        Assert.Equal(0, tool.Run("check", file, "--tolerance", "1").ExitCode);
    }

    [Theory]
    [InlineData("--tolerance", "-1")]
    [InlineData("--step", "0")]
    [InlineData("--step", "abc")]
    public void A_step_or_tolerance_that_is_not_a_positive_number_is_a_usage_error(string option, string value)
    {
        var run = tool.Run("check", Example("neuron.bp"), option, value);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("dotnet backprop: error: ", run.Stderr);
    }
}
