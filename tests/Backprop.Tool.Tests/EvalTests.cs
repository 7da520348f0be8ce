using System.Text.Json;

namespace Backprop.Tool.Tests;

[Collection(InstalledToolCollection.Name)]
public sealed class EvalTests(InstalledTool tool)
{
    private string Example(string name) => Path.Combine(tool.RepositoryRoot, "examples", name);

    private ToolRun Succeeds(params string[] arguments)
    {
        var run = tool.Run(arguments);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Equal("", run.Stderr);
        return run;
    }

    [Theory]
    [InlineData("table", "eval-neuron.table.txt")]
    [InlineData("json", "eval-neuron.json")]
    [InlineData("csv", "eval-neuron.csv")]
    [InlineData("markdown", "eval-neuron.md")]
    public void Eval_prints_every_binding_in_each_format_as_the_golden_file_shows(string format, string golden)
    {
        var run = Succeeds("eval", Example("neuron.bp"), "--format", format);
        Golden.Verify(tool, golden, run.Stdout);
    }

    [Fact]
    public void The_table_is_the_default_format()
    {
        Assert.Equal(
            Succeeds("eval", Example("neuron.bp"), "--format", "table").Stdout,
            Succeeds("eval", Example("neuron.bp")).Stdout);
    }

    [Fact]
    public void Json_is_one_object_whose_doubles_round_trip_bit_for_bit()
    {
        using var json = JsonDocument.Parse(Succeeds("eval", Example("neuron.bp"), "--format", "json").Stdout);
        var root = json.RootElement;
        Assert.Equal("o", root.GetProperty("output").GetString());
        Assert.Equal(Math.Tanh(6.8813735870195432 - 6), root.GetProperty("value").GetDouble());
        var nodes = root.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(["x1", "x2", "w1", "w2", "b", "x1w1", "x2w2", "x1w1x2w2", "n", "o"],
            nodes.Select(n => n.GetProperty("name").GetString()));
        Assert.Equal(6.8813735870195432, nodes[4].GetProperty("value").GetDouble());
        Assert.True(nodes[4].GetProperty("leaf").GetBoolean());
        Assert.False(nodes[9].GetProperty("leaf").GetBoolean());
    }

    [Fact]
    public void Of_takes_the_gradient_of_another_binding()
    {
        using var json = JsonDocument.Parse(Succeeds("eval", Example("expression.bp"), "--of", "d", "--format", "json").Stdout);
        Assert.Equal("d", json.RootElement.GetProperty("output").GetString());
        Assert.Equal(4.0, json.RootElement.GetProperty("value").GetDouble());
        var grads = json.RootElement.GetProperty("nodes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("name").GetString()!, n => n.GetProperty("grad").GetDouble());
        Assert.Equal(-3.0, grads["a"]);
        Assert.Equal(1.0, grads["c"]);
        Assert.Equal(0.0, grads["f"]);
        Assert.Equal(0.0, grads["L"]);
    }

    [Fact]
    public void Set_overrides_leaves_and_can_be_repeated()
    {
        var csv = Succeeds("eval", Example("expression.bp"), "--set", "a=3", "--set", "f=1", "--format", "csv").Stdout;
        Assert.Contains("a,3,-3,true\n", csv);
        Assert.Contains("L,1,1,false\n", csv);
    }

    [Fact]
    public void A_dash_reads_the_file_from_standard_input()
    {
        var run = tool.RunWithInput(File.ReadAllText(Example("neuron.bp")), "eval", "-");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Succeeds("eval", Example("neuron.bp")).Stdout, run.Stdout);
    }

    [Fact]
    public void Errors_in_standard_input_are_reported_against_stdin()
    {
        var run = tool.RunWithInput("a = 1\nb = a +\n", "eval", "-");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("<stdin>:2:8: error: ", run.Stderr);
    }

    [Fact]
    public void Non_finite_numbers_are_printed_as_nan_and_inf_with_a_warning_naming_the_first_binding()
    {
        var file = tool.WriteFile("log0.bp", "a = 0\nb = log(a)\nc = b * 2\n");
        var run = tool.Run("eval", file);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("-inf", run.Stdout);
        Assert.Equal("log0.bp:2:1: warning: 'b' is -inf: the first binding whose value is not finite\nb = log(a)\n^\n", run.Stderr);
    }

    [Fact]
    public void Non_finite_numbers_are_strings_in_json()
    {
        var file = tool.WriteFile("nan.bp", "a = 0\nb = log(a)\nc = b - b\n");
        var run = tool.Run("eval", file, "--format", "json");
        using var json = JsonDocument.Parse(run.Stdout);
        var nodes = json.RootElement.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal("-Infinity", nodes[1].GetProperty("value").GetString());
        Assert.Equal("NaN", nodes[2].GetProperty("value").GetString());
        Assert.Equal("NaN", json.RootElement.GetProperty("value").GetString());
    }

    [Fact]
    public void Output_is_not_coloured_when_redirected()
    {
        Assert.DoesNotContain("\u001b[", Succeeds("eval", Example("neuron.bp")).Stdout);
    }

    [Fact]
    public void Output_on_a_terminal_is_coloured_unless_NO_COLOR_is_set()
    {
        // script(1) (util-linux, essential on Debian) runs the tool on a pseudo-terminal.
        var command = $"'{tool.Shim}' eval '{Example("add-multiply.bp")}'";
        var coloured = tool.RunProgram("script", tool.Work, [], "-qec", command, "/dev/null");
        Assert.Equal(0, coloured.ExitCode);
        Assert.Contains("\u001b[36mleaf\u001b[0m", coloured.Stdout);

        var plain = tool.RunProgram("script", tool.Work, [("NO_COLOR", "1")], "-qec", command, "/dev/null");
        Assert.Equal(0, plain.ExitCode);
        Assert.Contains("leaf", plain.Stdout);
        Assert.DoesNotContain("\u001b[36m", plain.Stdout);
    }
}
