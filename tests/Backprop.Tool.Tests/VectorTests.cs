using System.Text.Json;

namespace Backprop.Tool.Tests;

/// <summary>
/// Files with vectors and matrices through the installed tool: one row per element named w[0],
/// W[1,0] in table, CSV and Markdown; one JSON node per binding with "shape" and row-major arrays;
/// --set of an element; check per element; shape errors as FILE:LINE:COL with exit 2.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class VectorTests(InstalledTool tool)
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
    [InlineData("table", "eval-sigmoid-layer.table.txt")]
    [InlineData("json", "eval-sigmoid-layer.json")]
    [InlineData("csv", "eval-sigmoid-layer.csv")]
    [InlineData("markdown", "eval-sigmoid-layer.md")]
    public void Eval_of_a_layer_prints_every_element_in_each_format_as_the_golden_file_shows(string format,
        string golden)
    {
        var run = Succeeds("eval", Example("sigmoid-layer.bp"), "--format", format);
        Golden.Verify(tool, golden, run.Stdout);
    }

    [Fact]
    public void Json_gives_a_vector_or_matrix_its_shape_and_its_elements_in_row_major_order()
    {
        using var json = JsonDocument.Parse(Succeeds("eval", Example("sigmoid-layer.bp"), "--format", "json").Stdout);
        var nodes = json.RootElement.GetProperty("nodes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("name").GetString()!);
        var w = nodes["W"];
        Assert.Equal([3, 2], w.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal([2.0, -3.0, 1.0, 2.0, 0.5, -0.1], w.GetProperty("value").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(6, w.GetProperty("grad").GetArrayLength());
        Assert.True(w.GetProperty("leaf").GetBoolean());
        Assert.False(nodes["L"].TryGetProperty("shape", out _));
        Assert.Equal(JsonValueKind.Number, nodes["L"].GetProperty("value").ValueKind);
    }

    [Fact]
    public void Check_compares_every_element_of_every_leaf()
    {
        var run = Succeeds("check", Example("sigmoid-layer.bp"));
        Golden.Verify(tool, "check-sigmoid-layer.table.txt", run.Stdout);
    }

    [Fact]
    public void Check_json_lists_each_element_as_a_leaf_of_its_own()
    {
        using var json = JsonDocument.Parse(Succeeds("check", Example("dot-product-gate.bp"), "--format", "json").Stdout);
        Assert.True(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(["w[0]", "w[1]", "x[0]", "x[1]"],
            json.RootElement.GetProperty("leaves").EnumerateArray().Select(l => l.GetProperty("name").GetString()));
    }

    [Fact]
    public void A_vector_file_is_read_from_standard_input()
    {
        var run = tool.RunWithInput("w = [2, -3]\nx = [-1, -2]\ny = w @ x\n", "eval", "-", "--format", "csv");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("name,value,grad,leaf\nw[0],2,-1,true\nw[1],-3,-2,true\nx[0],-1,2,true\nx[1],-2,-3,true\ny,4,1,false\n",
            run.Stdout);
    }

    [Fact]
    public void Graph_draws_the_elements_as_nodes_named_like_the_rows()
    {
        var run = Succeeds("graph", Example("dot-product-gate.bp"));
        Golden.Verify(tool, "graph-dot-product-gate.dot", run.Stdout);
    }

    [Fact]
    public void Set_overrides_an_element_and_gives_the_ascent_step_of_the_second_example()
    {
        var stepped = Succeeds("eval", Example("dot-product-gate.bp"), "--format", "csv",
            "--set", "w[0]=1.9998233729378672", "--set", "w[1]=-3.0003532541242657",
            "--set", "x[0]=-0.9996467458757342", "--set", "x[1]=-2.0005298811863987");
        Assert.Equal(Succeeds("eval", Example("dot-product-gate-step.bp"), "--format", "csv").Stdout, stepped.Stdout);
    }

    [Fact]
    public void A_matrix_element_is_quoted_in_csv_because_its_name_has_a_comma()
    {
        var run = Succeeds("eval", Example("sigmoid-layer.bp"), "--format", "csv");
        Assert.Contains("\n\"W[1,0]\",1,", run.Stdout);
    }

    [Fact]
    public void Eval_of_a_file_ending_in_a_vector_prints_every_elements_value_without_gradients()
    {
        var file = tool.WriteFile("vector-output.bp", "w = [2, -3]\nx = [-1, -2]\ny = w * x\n");
        var table = Succeeds("eval", file);
        Assert.Equal(
            "name  value  grad  leaf\nw[0]      2        leaf\nw[1]     -3        leaf\nx[0]     -1        leaf\nx[1]     -2        leaf\ny[0]     -2\ny[1]      6\n",
            table.Stdout);
        var json = Succeeds("eval", file, "--format", "json").Stdout;
        Assert.Contains("\"output\": \"y\",\n  \"shape\": [2],\n  \"value\": [-2.0, 6.0],", json);
        Assert.Contains("\"grad\": null", json);
        Assert.Contains("\ny[1],6,,false\n", Succeeds("eval", file, "--format", "csv").Stdout);
    }

    [Fact]
    public void Commands_that_need_a_gradient_refuse_a_vector_output_and_say_how_to_get_a_scalar()
    {
        var file = tool.WriteFile("vector-output.bp", "w = [2, -3]\nx = [-1, -2]\ny = w * x\n");
        foreach (var command in new[] { "check", "graph" })
        {
            var run = tool.Run(command, file);
            Assert.Equal(2, run.ExitCode);
            Assert.Equal("", run.Stdout);
            Golden.Verify(tool, Path.Combine("bad-input", "vector-output.txt"), run.Stderr);
        }

        var scalar = tool.Run("eval", file, "--of", "y");
        Assert.Equal(2, scalar.ExitCode);
        Assert.Contains("--of y: 'y' is a vector of 2 elements, but the output must be a scalar", scalar.Stderr);
    }

    public static TheoryData<string, string, string[]> BadFiles => new()
    {
        { "vector-shape-mismatch", "W = [[2, -3], [1, 2], [0.5, -0.1]]\nx = [1, 2, 3]\ny = sum(W @ x)\n", [] },
        { "vector-ragged-matrix", "W = [[1, 2], [3, 4, 5]]\ny = sum(W)\n", [] },
        { "vector-index-out-of-range", "w = [1, 2, 3]\ny = w[3]\n", [] },
        { "vector-unclosed-bracket", "w = [1, 2\n", [] },
        { "vector-set-whole-vector", "w = [1, 2]\ny = sum(w)\n", ["--set", "w=3"] },
        { "vector-set-element-out-of-range", "W = [[1, 2]]\ny = sum(W)\n", ["--set", "W[1,0]=3"] },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_shape_error_is_reported_as_FILE_LINE_COL_with_exit_2(string name, string text, string[] options)
    {
        var file = tool.WriteFile(name + ".bp", text);
        foreach (var command in new[] { "eval", "check", "graph" })
        {
            var run = tool.Run([command, file, .. options]);
            Assert.Equal(2, run.ExitCode);
            Assert.Equal("", run.Stdout);
            Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(file)}:[0-9]+:[0-9]+: error: ", run.Stderr);
            Assert.DoesNotContain("Exception", run.Stderr);
            Golden.Verify(tool, Path.Combine("bad-input", name + ".txt"), run.Stderr);
        }
    }
}
