using System.Text.Json;

namespace Backprop.Tool.Tests;

/// <summary>
/// <c>hessian</c> and <c>jacobian</c> through the installed tool: known matrices, every format's
/// shape, vector leaves and outputs, and every bad input (exit 2, one diagnostic, no stack trace).
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class DerivativeCommandTests(InstalledTool tool)
{
    private const string XSquaredY = "x = 1\ny = 3\nf = x**2 * y\n";

    private const string TwoOutputs = "x = 2\ny = 3\ny1 = x * y\ny2 = x**2 + y\nz = y1 + y2\n";

    private string Example(string name) => Path.Combine(tool.RepositoryRoot, "examples", name);

    private ToolRun Succeeds(params string[] arguments)
    {
        var run = tool.Run(arguments);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Equal("", run.Stderr);
        return run;
    }

    private static double[][] Matrix(JsonElement element) =>
        element.EnumerateArray().Select(row => row.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();

    private static string[] Strings(JsonElement element) =>
        element.EnumerateArray().Select(x => x.GetString()!).ToArray();

    private static double[] Numbers(JsonElement element) =>
        element.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    private void FailsWith(string expectedStderr, params string[] arguments)
    {
        var run = tool.Run(arguments);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.Equal(expectedStderr, run.Stderr);
    }

    [Fact]
    public void The_Hessian_of_Rosenbrock_at_its_minimum_is_802_minus_400_minus_400_200()
    {
        using var json = JsonDocument.Parse(Succeeds("hessian", Example("rosenbrock.bp"), "--format", "json").Stdout);
        var root = json.RootElement;
        Assert.Equal("dotnet-backprop/hessian/1", root.GetProperty("schema").GetString());
        Assert.Equal("f", root.GetProperty("output").GetString());
        Assert.Equal(["x", "y"], Strings(root.GetProperty("wrt")));
        Assert.Equal(0.0, root.GetProperty("value").GetDouble());
        Assert.Equal([0.0, 0.0], Numbers(root.GetProperty("gradient")));
        Assert.Equal([[802.0, -400.0], [-400.0, 200.0]], Matrix(root.GetProperty("hessian")));
    }

    [Fact]
    public void The_Hessian_of_x_squared_y_at_1_3_is_6_2_2_0_with_value_and_gradient()
    {
        var file = tool.WriteFile("x2y.bp", XSquaredY);
        using var json = JsonDocument.Parse(Succeeds("hessian", file, "--format", "json").Stdout);
        var root = json.RootElement;
        Assert.Equal(3.0, root.GetProperty("value").GetDouble());
        Assert.Equal([6.0, 1.0], Numbers(root.GetProperty("gradient")));
        Assert.Equal([[6.0, 2.0], [2.0, 0.0]], Matrix(root.GetProperty("hessian")));
    }

    [Fact]
    public void Hessian_JSON_has_exactly_the_fields_of_the_spec_in_order()
    {
        using var json = JsonDocument.Parse(Succeeds("hessian", Example("rosenbrock.bp"), "--format", "json").Stdout);
        Assert.Equal(["schema", "output", "wrt", "value", "gradient", "hessian"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("table", "hessian-rosenbrock.table.txt")]
    [InlineData("json", "hessian-rosenbrock.json")]
    [InlineData("csv", "hessian-rosenbrock.csv")]
    [InlineData("markdown", "hessian-rosenbrock.md")]
    public void Hessian_prints_each_format_as_the_golden_file_shows(string format, string golden)
    {
        Golden.Verify(tool, golden, Succeeds("hessian", Example("rosenbrock.bp"), "--format", format).Stdout);
    }

    [Fact]
    public void The_table_is_the_default_format_of_hessian()
    {
        Assert.Equal(
            Succeeds("hessian", Example("rosenbrock.bp"), "--format", "table").Stdout,
            Succeeds("hessian", Example("rosenbrock.bp")).Stdout);
    }

    [Fact]
    public void Hessian_CSV_has_a_row_per_leaf_with_its_value_gradient_and_Hessian_row()
    {
        var file = tool.WriteFile("x2y-csv.bp", XSquaredY);
        Assert.Equal("leaf,value,grad,x,y\nx,1,6,6,2\ny,3,1,2,0\n", Succeeds("hessian", file, "--format", "csv").Stdout);
    }

    [Fact]
    public void Wrt_chooses_and_orders_the_leaves_and_Set_and_Of_work_as_for_eval()
    {
        var file = tool.WriteFile("x2y-wrt.bp", XSquaredY + "g = f * 2\n");
        using var json = JsonDocument.Parse(
            Succeeds("hessian", file, "--wrt", "y,x", "--of", "f", "--set", "x=2", "--format", "json").Stdout);
        var root = json.RootElement;
        Assert.Equal("f", root.GetProperty("output").GetString());
        Assert.Equal(["y", "x"], Strings(root.GetProperty("wrt")));
        Assert.Equal(12.0, root.GetProperty("value").GetDouble());
        Assert.Equal([4.0, 12.0], Numbers(root.GetProperty("gradient")));
        Assert.Equal([[0.0, 4.0], [4.0, 6.0]], Matrix(root.GetProperty("hessian")));
    }

    [Fact]
    public void The_default_leaves_are_those_the_output_depends_on_and_a_named_unused_leaf_gets_zeros()
    {
        var file = tool.WriteFile("unused.bp", "a = 5\nx = 1\ny = 3\nf = x**2 * y\n");
        using var byDefault = JsonDocument.Parse(Succeeds("hessian", file, "--format", "json").Stdout);
        Assert.Equal(["x", "y"], Strings(byDefault.RootElement.GetProperty("wrt")));

        using var named = JsonDocument.Parse(Succeeds("hessian", file, "--wrt", "a,x", "--format", "json").Stdout);
        Assert.Equal([0.0, 6.0], Numbers(named.RootElement.GetProperty("gradient")));
        Assert.Equal([[0.0, 0.0], [0.0, 6.0]], Matrix(named.RootElement.GetProperty("hessian")));
    }

    [Fact]
    public void A_vector_leaf_is_its_elements_and_wrt_names_the_whole_vector_or_one_element()
    {
        var file = tool.WriteFile("vector.bp", "w = [1, 2]\nb = 3\nf = sum(w * w) * b\n");
        using var all = JsonDocument.Parse(Succeeds("hessian", file, "--format", "json").Stdout);
        Assert.Equal(["w[0]", "w[1]", "b"], Strings(all.RootElement.GetProperty("wrt")));
        Assert.Equal([[6.0, 0.0, 2.0], [0.0, 6.0, 4.0], [2.0, 4.0, 0.0]], Matrix(all.RootElement.GetProperty("hessian")));

        using var one = JsonDocument.Parse(Succeeds("hessian", file, "--wrt", "w[1],b", "--format", "json").Stdout);
        Assert.Equal(["w[1]", "b"], Strings(one.RootElement.GetProperty("wrt")));
        Assert.Equal([[6.0, 4.0], [4.0, 0.0]], Matrix(one.RootElement.GetProperty("hessian")));
    }

    [Fact]
    public void A_matrix_element_name_is_quoted_in_CSV()
    {
        var file = tool.WriteFile("matrix.bp", "W = [[1, 2], [3, 4]]\nf = sum(W * W)\n");
        var csv = Succeeds("hessian", file, "--wrt", "W[1,0]", "--format", "csv").Stdout;
        Assert.Equal("leaf,value,grad,\"W[1,0]\"\n\"W[1,0]\",3,6,2\n", csv);
    }

    [Fact]
    public void Hessian_reads_standard_input_for_a_dash()
    {
        var run = tool.RunWithInput(XSquaredY, "hessian", "-", "--format", "csv");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("leaf,value,grad,x,y\nx,1,6,6,2\ny,3,1,2,0\n", run.Stdout);
    }

    [Fact]
    public void A_non_finite_second_derivative_is_printed_and_warned_about()
    {
        var file = tool.WriteFile("power-at-zero.bp", "x = 0\ny = 1\nf = x**1.5 + y\n");
        var run = tool.Run("hessian", file, "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal("Infinity", json.RootElement.GetProperty("hessian")[0][0].GetString());
        Assert.Equal(
            $"{file}:3:1: warning: the second derivative of 'f' with respect to 'x' and 'x' is inf: the first that is not finite\nf = x**1.5 + y\n^\n",
            run.Stderr);
    }

    [Fact]
    public void The_Jacobian_of_two_outputs_has_a_row_per_output()
    {
        var file = tool.WriteFile("two.bp", TwoOutputs);
        using var json = JsonDocument.Parse(Succeeds("jacobian", file, "--of", "y1,y2", "--format", "json").Stdout);
        var root = json.RootElement;
        Assert.Equal(["schema", "outputs", "wrt", "values", "jacobian"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("dotnet-backprop/jacobian/1", root.GetProperty("schema").GetString());
        Assert.Equal(["y1", "y2"], Strings(root.GetProperty("outputs")));
        Assert.Equal(["x", "y"], Strings(root.GetProperty("wrt")));
        Assert.Equal([6.0, 7.0], Numbers(root.GetProperty("values")));
        Assert.Equal([[3.0, 2.0], [4.0, 1.0]], Matrix(root.GetProperty("jacobian")));
    }

    [Fact]
    public void Of_may_be_repeated_and_wrt_chooses_the_columns()
    {
        var file = tool.WriteFile("two-repeated.bp", TwoOutputs);
        Assert.Equal("output,value,y\ny2,7,1\nz,13,3\n",
            Succeeds("jacobian", file, "--of", "y2", "--of", "z", "--wrt", "y", "--format", "csv").Stdout);
    }

    [Fact]
    public void The_Jacobian_of_a_vector_binding_has_a_row_per_element()
    {
        var file = tool.WriteFile("vector-output.bp", "x = [1, 2]\nW = [[1, 2], [3, 4]]\nz = W @ x\n");
        using var json = JsonDocument.Parse(Succeeds("jacobian", file, "--wrt", "x", "--format", "json").Stdout);
        var root = json.RootElement;
        Assert.Equal(["z[0]", "z[1]"], Strings(root.GetProperty("outputs")));
        Assert.Equal(["x[0]", "x[1]"], Strings(root.GetProperty("wrt")));
        Assert.Equal([5.0, 11.0], Numbers(root.GetProperty("values")));
        Assert.Equal([[1.0, 2.0], [3.0, 4.0]], Matrix(root.GetProperty("jacobian")));
    }

    [Theory]
    [InlineData("table", "jacobian-two-outputs.table.txt")]
    [InlineData("json", "jacobian-two-outputs.json")]
    [InlineData("csv", "jacobian-two-outputs.csv")]
    [InlineData("markdown", "jacobian-two-outputs.md")]
    public void Jacobian_prints_each_format_as_the_golden_file_shows(string format, string golden)
    {
        var file = tool.WriteFile("two-golden.bp", TwoOutputs);
        Golden.Verify(tool, golden, Succeeds("jacobian", file, "--of", "y1,y2", "--format", format).Stdout);
    }

    [Fact]
    public void Jacobian_reads_standard_input_for_a_dash()
    {
        var run = tool.RunWithInput(TwoOutputs, "jacobian", "-", "--of", "y1,y2", "--format", "csv");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("output,value,x,y\ny1,6,3,2\ny2,7,4,1\n", run.Stdout);
    }

    [Theory]
    [InlineData("hessian")]
    [InlineData("jacobian")]
    public void Wrt_naming_a_non_leaf_is_bad_input(string command)
    {
        var file = tool.WriteFile(command + "-non-leaf.bp", TwoOutputs);
        FailsWith(
            $"{file}:3:1: error: --wrt y1: 'y1' is not a leaf (its value is computed); derivatives are taken with respect to leaves, NAME = NUMBER or NAME = [NUMBERS]\ny1 = x * y\n^\n",
            [command, file, "--of", command == "hessian" ? "z" : "y1,y2", "--wrt", "y1"]);
    }

    [Theory]
    [InlineData("hessian")]
    [InlineData("jacobian")]
    public void Wrt_naming_nothing_is_bad_input(string command)
    {
        var file = tool.WriteFile(command + "-missing.bp", TwoOutputs);
        FailsWith($"dotnet backprop: error: {file}: --wrt q: the file binds no 'q'\n",
            [command, file, "--of", command == "hessian" ? "z" : "y1,y2", "--wrt", "x,q"]);
    }

    [Fact]
    public void Wrt_naming_an_element_a_vector_does_not_have_is_bad_input()
    {
        var file = tool.WriteFile("no-element.bp", "w = [1, 2]\nf = sum(w * w)\n");
        FailsWith($"{file}:1:1: error: --wrt w[5]: 'w' has no element w[5]; its elements are w[0] to w[1]\nw = [1, 2]\n^\n",
            "hessian", file, "--wrt", "w[5]");
    }

    [Fact]
    public void An_empty_name_in_wrt_is_a_usage_error()
    {
        var run = tool.Run("hessian", Example("rosenbrock.bp"), "--wrt", "x,");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("dotnet backprop: error: --wrt 'x,': expected names separated by commas", run.Stderr);
    }

    [Fact]
    public void The_Hessian_of_a_vector_output_is_bad_input_suggesting_sum_or_an_element()
    {
        var file = tool.WriteFile("vector-hessian.bp", "w = [1, 2]\nv = w * w\n");
        var run = tool.Run("hessian", file);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"{file}:2:1: error: 'v' is a vector of 2 elements, but the output must be a scalar: take sum(v)", run.Stderr);
    }

    [Fact]
    public void An_output_that_depends_on_no_leaf_is_bad_input()
    {
        var file = tool.WriteFile("constant.bp", "a = 1\nf = 2 * 3\n");
        FailsWith(
            $"{file}:2:1: error: 'f' depends on no leaf, so it has no derivatives to take; name leaves with --wrt, or another output with --of\nf = 2 * 3\n^\n",
            "hessian", file);
    }

    [Fact]
    public void A_Jacobian_of_one_named_scalar_is_bad_input_pointing_to_eval_and_hessian()
    {
        var file = tool.WriteFile("one-scalar.bp", TwoOutputs);
        FailsWith(
            $"{file}:5:1: error: --of z: 'z' is one scalar output, and a Jacobian needs several: name more, --of y1,y2, or a vector binding; for the gradient of one output use eval, for its second derivatives hessian\nz = y1 + y2\n^\n",
            "jacobian", file, "--of", "z");
    }

    [Fact]
    public void A_Jacobian_of_a_scalar_last_binding_is_bad_input_asking_for_outputs()
    {
        var file = tool.WriteFile("last-scalar.bp", TwoOutputs);
        FailsWith(
            $"{file}:5:1: error: 'z', the last binding, is a scalar, and a Jacobian needs several outputs: name them with --of y1,y2 or name a vector binding; for the gradient of one output use eval, for its second derivatives hessian\nz = y1 + y2\n^\n",
            "jacobian", file);
    }

    [Fact]
    public void A_Jacobian_of_a_one_element_vector_binding_is_accepted()
    {
        var file = tool.WriteFile("one-element.bp", "x = 2\nv = [x * x]\n");
        Assert.Equal("output,value,x\nv[0],4,4\n", Succeeds("jacobian", file, "--format", "csv").Stdout);
    }

    [Fact]
    public void Jacobian_of_naming_nothing_is_bad_input()
    {
        var file = tool.WriteFile("of-nothing.bp", TwoOutputs);
        FailsWith($"dotnet backprop: error: {file}: --of y3: the file binds no 'y3'; did you mean 'y'?\n", "jacobian", file, "--of", "y1,y3");
    }

    [Fact]
    public void A_Hessian_over_the_size_limit_is_refused_stating_the_limit()
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < 1100; i++)
        {
            text.Append($"x{i} = 1\n");
        }

        text.Append("f = " + string.Join(" + ", Enumerable.Range(0, 1100).Select(i => $"x{i}")) + "\n");
        var file = tool.WriteFile("too-large.bp", text.ToString());
        var run = tool.Run("hessian", file);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: the Hessian would have 1100 × 1100 = 1,210,000 entries, more than the limit of 1,000,000", run.Stderr);
    }

    [Theory]
    [InlineData("help-hessian.txt", "hessian", "--help")]
    [InlineData("help-jacobian.txt", "jacobian", "--help")]
    public void Help_of_hessian_and_jacobian_shows_usage_examples_and_exit_codes(string golden, params string[] arguments)
    {
        var run = tool.Run(arguments);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Examples:", run.Stdout);
        Golden.Verify(tool, golden, run.Stdout);
    }
}
