using System.Text.Json;

namespace Backprop.Tool.Tests;

/// <summary>
/// <c>derive</c> through the installed tool: the derived file is runnable, and <c>eval</c> of it
/// reproduces <c>eval</c>'s gradients of the original; the golden text of the neuron; every bad
/// input (exit 2, one diagnostic, no stack trace).
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class DeriveTests(InstalledTool tool)
{
    private string Example(string name) => Path.Combine(tool.RepositoryRoot, "examples", name);

    private ToolRun Succeeds(params string[] arguments)
    {
        var run = tool.Run(arguments);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Equal("", run.Stderr);
        return run;
    }

    private void FailsWith(string expectedStderr, params string[] arguments)
    {
        var run = tool.Run(arguments);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.Equal(expectedStderr, run.Stderr);
    }

    /// <summary>Every node of <c>eval --format json</c>: its values and gradients (one per element), columns (0 unless a matrix), leaf.</summary>
    private Dictionary<string, (double[] Values, double[] Grads, int Columns, bool Leaf)> Eval(params string[] arguments)
    {
        using var json = JsonDocument.Parse(Succeeds(["eval", .. arguments, "--format", "json"]).Stdout);
        static double Number(JsonElement e) =>
            e.ValueKind == JsonValueKind.String
                ? e.GetString() switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, _ => double.NegativeInfinity }
                : e.GetDouble();
        static double[] Numbers(JsonElement e) =>
            e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(Number).ToArray() : [Number(e)];
        static int Columns(JsonElement n) =>
            n.TryGetProperty("shape", out var shape) && shape.GetArrayLength() == 2 ? shape[1].GetInt32() : 0;
        return json.RootElement.GetProperty("nodes").EnumerateArray().ToDictionary(
            n => n.GetProperty("name").GetString()!,
            n => (Numbers(n.GetProperty("value")), Numbers(n.GetProperty("grad")), Columns(n), n.GetProperty("leaf").GetBoolean()));
    }

    private static bool Close(double actual, double expected) =>
        actual.Equals(expected)
        || Math.Abs(actual - expected) <= 1e-12 * Math.Max(1, Math.Max(Math.Abs(actual), Math.Abs(expected)));

    /// <summary>
    /// Derives a file, evaluates the derived file, and compares each dOUT_dLEAF (dOUT_dw_0,
    /// dOUT_dW_1_0 for elements) with eval's gradient of that leaf in the original.
    /// </summary>
    private void DerivedFileReproducesTheGradients(string file, string output, params string[] options)
    {
        var derived = tool.WriteFile($"derived-{Path.GetFileNameWithoutExtension(file)}-{Guid.NewGuid():N}.bp",
            Succeeds(["derive", file, .. options]).Stdout);
        var original = Eval(file);
        var values = Eval(derived);
        var compared = 0;
        foreach (var (name, node) in original.Where(n => n.Value.Leaf))
        {
            var shaped = node.Grads.Length > 1 || node.Columns > 0;
            for (var k = 0; k < node.Grads.Length; k++)
            {
                var part = !shaped ? name
                    : node.Columns > 0 ? $"{name}_{k / node.Columns}_{k % node.Columns}"
                    : $"{name}_{k}";
                var derivedName = $"d{output}_d{part}";
                Assert.True(values.ContainsKey(derivedName), $"no {derivedName} in the derived file");
                var actual = values[derivedName].Values[0];
                Assert.True(Close(actual, node.Grads[k]), $"{derivedName}: {actual} against eval's {node.Grads[k]}");
                compared++;
            }
        }
        Assert.True(compared > 0);
    }

    [Fact]
    public void The_derived_file_of_the_neuron_is_the_golden_file()
    {
        Golden.Verify(tool, "derive-neuron.bp", Succeeds("derive", Example("neuron.bp")).Stdout);
    }

    [Fact]
    public void The_second_derivatives_of_the_neuron_are_the_golden_file()
    {
        Golden.Verify(tool, "derive-neuron-order2.bp", Succeeds("derive", Example("neuron.bp"), "--order", "2").Stdout);
    }

    [Theory]
    [InlineData("neuron.bp", "o")]
    [InlineData("rosenbrock.bp", "f")]
    [InlineData("sigmoid-neuron.bp", "f")]
    [InlineData("perceptron-vectors.bp", "loss")]
    [InlineData("dot-product-gate.bp", "s")]
    [InlineData("micrograd-more-ops.bp", "g2")]
    [InlineData("sigmoid-layer.bp", "L")]
    [InlineData("user-functions.bp", "out")]
    public void Eval_of_the_derived_file_reproduces_evals_gradients_of_the_original(string example, string output)
    {
        DerivedFileReproducesTheGradients(Example(example), output);
    }

    [Fact]
    public void Second_derivatives_of_the_derived_file_are_the_hessian_commands()
    {
        var derived = tool.WriteFile("derived-rosenbrock-2.bp",
            Succeeds("derive", Example("rosenbrock.bp"), "--order", "2", "--wrt", "x,y").Stdout);
        var values = Eval(derived);
        Assert.Equal(802.0, values["d2f_dx_dx"].Values[0]);
        Assert.Equal(-400.0, values["d2f_dx_dy"].Values[0]);
        Assert.Equal(-400.0, values["d2f_dy_dx"].Values[0]);
        Assert.Equal(200.0, values["d2f_dy_dy"].Values[0]);
        Assert.Equal(0.0, values["df_dx"].Values[0]);
    }

    [Fact]
    public void Wrt_and_of_choose_the_derivatives_written()
    {
        var text = Succeeds("derive", Example("neuron.bp"), "--wrt", "b,w1", "--of", "n").Stdout;
        var derived = text[text.IndexOf("# derivatives", StringComparison.Ordinal)..];
        Assert.Equal("# derivatives of n, written by dotnet backprop derive\ndn_db = (1)\ndn_dw1 = x1\n", derived);
    }

    [Fact]
    public void Output_writes_the_derived_file_says_so_on_stderr_and_writes_nothing_to_stdout()
    {
        var path = Path.Combine(tool.Work, "neuron-derived.bp");
        var run = tool.Run("derive", Example("neuron.bp"), "--output", path);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal($"wrote {path}\n", run.Stderr);
        Assert.Equal(Succeeds("derive", Example("neuron.bp")).Stdout, File.ReadAllText(path));
    }

    [Fact]
    public void Output_into_a_folder_that_does_not_exist_is_an_error_that_names_the_folder()
    {
        var folder = Path.Combine(tool.Work, "no-such-folder");
        var path = Path.Combine(folder, "d.bp");
        FailsWith($"dotnet backprop: error: --output {path}: cannot write the file: the folder '{folder}' does not exist\n",
            "derive", Example("neuron.bp"), "--output", path);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Derive_reads_standard_input_and_its_output_evaluates_through_a_pipe()
    {
        var run = tool.RunWithInput("x = 3\ny = x * x\n", "derive", "-");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("x = 3\ny = x * x\n\n# derivatives of y, written by dotnet backprop derive\ndy_dx = x + x\n", run.Stdout);
        var eval = tool.RunWithInput(run.Stdout, "eval", "-", "--of", "dy_dx");
        Assert.Equal(0, eval.ExitCode);
    }

    [Fact]
    public void Wrt_naming_a_computed_binding_is_an_error_at_its_line()
    {
        FailsWith(
            $"{Example("neuron.bp")}:23:1: error: --wrt n: 'n' is not a leaf (its value is computed); derivatives are taken with respect to leaves, NAME = NUMBER or NAME = [NUMBERS]\nn = x1w1x2w2 + b\n^\n",
            "derive", Example("neuron.bp"), "--wrt", "n");
    }

    [Fact]
    public void Wrt_naming_a_missing_binding_is_an_error()
    {
        FailsWith($"dotnet backprop: error: {Example("neuron.bp")}: --wrt q: the file binds no 'q'\n", "derive", Example("neuron.bp"), "--wrt", "q");
    }

    [Fact]
    public void Order_3_is_a_usage_error()
    {
        FailsWith("dotnet backprop: error: --order must be 1 or 2, got '3'.\nRun 'dotnet backprop derive --help' for usage.\n",
            "derive", Example("neuron.bp"), "--order", "3");
    }

    [Fact]
    public void A_derived_name_the_file_already_binds_is_an_error_at_that_binding()
    {
        var file = tool.WriteFile("taken.bp", "a = 1\ndL_da = 2\nL = a * dL_da\n");
        FailsWith(
            $"{file}:2:1: error: 'dL_da' is already bound here, and it is the name the derivative would be written as; rename this binding\ndL_da = 2\n^\n",
            "derive", file);
    }

    [Fact]
    public void Fresh_names_never_collide_with_the_files_names()
    {
        var file = tool.WriteFile("underscores.bp", "x = 0.5\n_t1 = x * 2\ny = tanh(tanh(_t1))\n");
        var text = Succeeds("derive", file).Stdout;
        Assert.Contains("\n__t1 = ", text);
        DerivedFileReproducesTheGradients(file, "y");
    }

    [Fact]
    public void Derive_has_a_help_page_with_examples()
    {
        Golden.Verify(tool, "help-derive.txt", Succeeds("derive", "--help").Stdout);
    }
}

/// <summary>
/// <c>check --order 2</c> through the installed tool: the analytic Hessian against central
/// differences of the analytic gradient, after the first-order check, which is unchanged.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class CheckOrderTwoTests(InstalledTool tool)
{
    private string Example(string name) => Path.Combine(tool.RepositoryRoot, "examples", name);

    [Fact]
    public void Check_order_2_of_Rosenbrock_passes_and_prints_the_second_derivatives_after_the_first_order_check()
    {
        var run = tool.Run("check", Example("rosenbrock.bp"), "--order", "2");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        var first = tool.Run("check", Example("rosenbrock.bp")).Stdout;
        Assert.StartsWith(first + "\nfirst  second  analytic", run.Stdout);
        Assert.EndsWith("step 1e-06, tolerance 1e-06: ok, all 4 second derivatives of 'f' within tolerance\n", run.Stdout);
    }

    [Fact]
    public void Check_order_2_exits_1_when_a_second_derivative_is_off_though_the_gradient_passes()
    {
        var file = tool.WriteFile("relu-times-x.bp", "x = 0\ny = relu(x) * x\n");
        var run = tool.Run("check", file, "--order", "2");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Golden.Verify(tool, "check-order2-relu-times-x.table.txt", run.Stdout);
    }

    [Fact]
    public void Check_order_2_JSON_adds_the_second_derivatives_after_the_leaves_and_ok_covers_both()
    {
        var file = tool.WriteFile("relu-times-x-json.bp", "x = 0\ny = relu(x) * x\n");
        var run = tool.Run("check", file, "--order", "2", "--format", "json");
        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal(["schema", "output", "ok", "value", "step", "tolerance", "leaves", "second"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.False(root.GetProperty("ok").GetBoolean());
        Assert.True(root.GetProperty("leaves")[0].GetProperty("ok").GetBoolean());
        var second = root.GetProperty("second")[0];
        Assert.Equal(["first", "second", "analytic", "numeric", "error", "ok"], second.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.0, second.GetProperty("analytic").GetDouble());
        Assert.Equal(1.0, second.GetProperty("numeric").GetDouble(), 1e-9);
    }

    [Fact]
    public void Check_order_2_checks_every_element_of_a_vector_leaf()
    {
        var run = tool.Run("check", Example("sigmoid-layer.bp"), "--order", "2");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\nW[1,0]  x[1]  ", run.Stdout);
        Assert.EndsWith("all 121 second derivatives of 'L' within tolerance\n", run.Stdout);
    }

    [Fact]
    public void Check_order_1_is_check_without_order()
    {
        Assert.Equal(tool.Run("check", Example("neuron.bp")).Stdout, tool.Run("check", Example("neuron.bp"), "--order", "1").Stdout);
    }

    [Fact]
    public void Check_order_3_is_a_usage_error()
    {
        var run = tool.Run("check", Example("neuron.bp"), "--order", "3");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal("dotnet backprop: error: --order must be 1 or 2, got '3'.\nRun 'dotnet backprop check --help' for usage.\n", run.Stderr);
    }
}
