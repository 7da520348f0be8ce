namespace Backprop.Tool.Tests;

/// <summary>
/// Tables and pictures show numbers people can read: the shortest text at --digits significant
/// digits (10 by default), never -0; JSON and CSV keep the exact doubles for programs.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class ReadableNumberTests(InstalledTool tool)
{
    private string Example(string name) => Path.Combine(tool.RepositoryRoot, "examples", name);

    private ToolRun Succeeds(params string[] arguments)
    {
        var run = tool.Run(arguments);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        return run;
    }

    /// <summary>The cells of the row of <paramref name="name"/> in an aligned table.</summary>
    private static string[] Row(string table, string name) =>
        table.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .First(cells => cells.Length > 0 && cells[0] == name);

    [Fact]
    public void The_neuron_table_reads_minus_1_5_where_the_double_is_minus_1_4999999999999993()
    {
        var table = Succeeds("eval", Example("neuron.bp")).Stdout;
        Assert.Equal(["x1", "2", "-1.5", "leaf"], Row(table, "x1"));
        Assert.Equal(["x2", "0", "0.5", "leaf"], Row(table, "x2"));
        Assert.Equal(["w1", "-3", "1", "leaf"], Row(table, "w1"));
        Assert.Equal(["o", "0.7071067812", "1"], Row(table, "o"));
        Assert.DoesNotContain("4999", table);
        var markdown = Succeeds("eval", Example("neuron.bp"), "--format", "markdown").Stdout;
        Assert.Contains("| `x1` | 2 | -1.5 | yes |", markdown);
    }

    [Fact]
    public void The_readme_shows_the_neuron_table_exactly_as_the_tool_prints_it()
    {
        var readme = File.ReadAllText(Path.Combine(tool.RepositoryRoot, "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf("```\nname ", StringComparison.Ordinal) + "```\n".Length;
        var table = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        Assert.Equal(Succeeds("eval", Example("neuron.bp")).Stdout, table);
    }

    [Fact]
    public void Json_and_csv_keep_the_exact_double_whatever_the_digits()
    {
        var json = Succeeds("eval", Example("neuron.bp"), "--format", "json").Stdout;
        Assert.Contains("-1.4999999999999993", json);
        var csv = Succeeds("eval", Example("neuron.bp"), "--format", "csv", "--digits", "3").Stdout;
        Assert.Contains("x1,2,-1.4999999999999993,true\n", csv);
    }

    [Fact]
    public void Digits_17_shows_the_exact_doubles_and_digits_3_rounds_to_three()
    {
        var exact = Succeeds("eval", Example("neuron.bp"), "--digits", "17").Stdout;
        Assert.Equal(["x1", "2", "-1.4999999999999993", "leaf"], Row(exact, "x1"));
        Assert.Equal(["b", "6.881373587019543", "0.4999999999999998", "leaf"], Row(exact, "b"));
        var three = Succeeds("eval", Example("neuron.bp"), "--digits", "3").Stdout;
        Assert.Equal(["b", "6.88", "0.5", "leaf"], Row(three, "b"));
    }

    [Fact]
    public void Every_command_with_a_table_rounds_to_its_digits()
    {
        var rosenbrock = Example("rosenbrock.bp");
        Assert.Equal(["x", "0.5", "-151", "-98", "-200"], Row(Succeeds("hessian", rosenbrock, "--set", "x=0.5", "--digits", "3").Stdout, "x"));
        var check = Succeeds("check", Example("neuron.bp"), "--digits", "4").Stdout;
        Assert.Equal(["x1", "2", "-1.5", "-1.5"], Row(check, "x1")[..4]);
        var jacobian = Succeeds("jacobian", Example("sigmoid-layer.bp"), "--of", "a", "--wrt", "x", "--digits", "2").Stdout;
        Assert.Equal(["a[0]", "0.98", "0.035", "-0.053"], Row(jacobian, "a[0]"));
        var optimize = Succeeds("optimize", Example("quadratic.bp"), "--rate", "0.1", "--steps", "3", "--digits", "2").Stdout;
        Assert.Matches(@"after 3 steps\n  x = -?[0-9.]{1,4}(e[-+][0-9]+)?\n", optimize);
    }

    [Fact]
    public void A_negative_zero_is_0_in_tables_and_graphs_and_minus_0_only_in_csv_and_json()
    {
        var file = tool.WriteFile("negative-zero.bp", "x = 0\ny = x * -1\n");
        Assert.Equal(["y", "0", "1"], Row(Succeeds("eval", file).Stdout, "y"));
        Assert.Contains("| **`y`** | 0 | 1 |  |", Succeeds("eval", file, "--format", "markdown").Stdout);
        Assert.Contains("{ y | data 0 | grad 1 }", Succeeds("graph", file).Stdout);
        Assert.Contains("y,-0,1,false", Succeeds("eval", file, "--format", "csv").Stdout);
        Assert.Contains("\"value\": -0.0", Succeeds("eval", file, "--format", "json").Stdout);
    }

    [Fact]
    public void Picture_axes_write_numbers_as_tables_do()
    {
        var path = Path.Combine(tool.Work, "small-range.svg");
        Succeeds("plot", Example("quadratic.bp"), "--x", "x", "--from", "-0.0001", "--to", "0.00003", "--output", path);
        var texts = Pictures.Texts(Pictures.ReadSvg(path));
        Assert.Contains("-8e-05", texts);
        Assert.Contains("0", texts);
        Assert.DoesNotContain(texts, t => t.Contains('E') || t == "-0");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("18")]
    public void Digits_outside_1_to_17_is_a_usage_error(string digits)
    {
        var run = tool.Run("eval", Example("neuron.bp"), "--digits", digits);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"dotnet backprop: error: --digits must be a whole number from 1 to 17, got '{digits}'.\nRun 'dotnet backprop eval --help' for usage.\n", run.Stderr);
    }
}
