using System.Text.Json;

namespace Backprop.Tool.Tests;

/// <summary>
/// Functions defined in a .bp file, NAME(P1, …) = EXPR, through the installed tool: calls are
/// inlined, so every command sees ordinary bindings and a function has no row; every error about
/// them is FILE:LINE:COL with exit 2, its exact text a golden file under golden/bad-input/.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class FunctionTests(InstalledTool tool)
{
    private string Example(string name) => Path.Combine(tool.RepositoryRoot, "examples", name);

    private ToolRun Succeeds(params string[] arguments)
    {
        var run = tool.Run(arguments);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Equal("", run.Stderr);
        return run;
    }

    /// <summary>f0 doubles in f1, f1 in f2, …: f60 would inline about 2^63 nodes.</summary>
    private static string Doubling()
    {
        var lines = new List<string> { "f0(x) = x * 2" };
        for (var k = 1; k <= 60; k++)
        {
            lines.Add($"f{k}(x) = f{k - 1}(x) + f{k - 1}(x)");
        }

        lines.Add("a = 1");
        lines.Add("y = f60(a)");
        return string.Join("\n", lines) + "\n";
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "function-unknown-name", "a = 1\nf(x) = x * a\ny = f(a)\n" },
        { "function-wrong-argument-count", "f(x, y) = x * y\na = 1\nb = f(a)\n" },
        { "function-defined-twice", "f(x) = x\nf(y) = 2 * y\na = 1\nb = f(a)\n" },
        { "function-shadows-a-built-in", "tanh(x) = x\na = 1\n" },
        { "function-named-as-a-binding", "f = 1\nf(x) = x\n" },
        { "binding-named-as-a-function", "f(x) = x\nf = 1\n" },
        { "function-called-before-its-definition", "a = 1\nb = f(a)\nf(x) = x\n" },
        { "function-calls-itself", "f(x) = f(x) + 1\na = 1\n" },
        { "function-without-parameters", "c() = 3\na = 1\n" },
        { "function-shape-error-in-its-body", "add(p, q) = p + q\nu = [1, 2]\nv = [1, 2, 3]\ny = sum(add(u, v))\n" },
        { "function-too-many-nodes", Doubling() },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_bad_definition_or_call_is_reported_as_FILE_LINE_COL_with_exit_2(string name, string text)
    {
        var file = tool.WriteFile(name + ".bp", text);
        foreach (var command in new[] { "eval", "check", "graph" })
        {
            var run = tool.Run(command, file);
            Assert.Equal(2, run.ExitCode);
            Assert.Equal("", run.Stdout);
            Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(file)}:[0-9]+:[0-9]+: error: ", run.Stderr);
            Assert.DoesNotContain("   at ", run.Stderr);
            Assert.DoesNotContain("Exception", run.Stderr);
            Golden.Verify(tool, Path.Combine("bad-input", name + ".txt"), run.Stderr);
        }
    }

    [Fact]
    public void A_file_of_functions_only_is_reported_for_the_whole_file_without_a_position()
    {
        var file = tool.WriteFile("functions-only.bp", "sig(z) = 1 / (1 + exp(-z))\n");
        foreach (var command in new[] { "eval", "check", "graph" })
        {
            var run = tool.Run(command, file);
            Assert.Equal(2, run.ExitCode);
            Assert.Equal("", run.Stdout);
            Golden.Verify(tool, Path.Combine("bad-input", "functions-only.txt"), run.Stderr);
        }
    }

    [Fact]
    public void Eval_of_the_notebook_function_with_a_defined_sigmoid_prints_bindings_only()
    {
        var run = Succeeds("eval", Example("user-functions.bp"));
        Golden.Verify(tool, "eval-user-functions.table.txt", run.Stdout);
    }

    [Fact]
    public void Json_lists_no_node_for_a_function_and_matches_the_built_in_sigmoid()
    {
        static Dictionary<string, (double Value, double Grad)> Nodes(string json)
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.GetProperty("nodes").EnumerateArray().ToDictionary(
                n => n.GetProperty("name").GetString()!,
                n => (n.GetProperty("value").GetDouble(), n.GetProperty("grad").GetDouble()));
        }

        var defined = Nodes(Succeeds("eval", Example("user-functions.bp"), "--format", "json").Stdout);
        var builtIn = Nodes(Succeeds("eval", Example("sigmoid-function.bp"), "--format", "json").Stdout);
        Assert.Equal(["x", "y", "out"], defined.Keys);
        Assert.Equal(builtIn["f"].Value, defined["out"].Value, 1e-12);
        foreach (var leaf in new[] { "x", "y" })
        {
            Assert.Equal(builtIn[leaf].Grad, defined[leaf].Grad, 1e-12);
        }
    }

    [Fact]
    public void Check_and_graph_see_the_inlined_expression()
    {
        Assert.Contains("ok, all 2 leaves of 'out' within tolerance", Succeeds("check", Example("user-functions.bp")).Stdout);
        var dot = Succeeds("graph", Example("user-functions.bp")).Stdout;
        Assert.StartsWith("digraph \"out\" {", dot);
        Assert.Contains("{ x | data 3 |", dot);
        Assert.DoesNotContain("sig", dot);
    }

    [Fact]
    public void Optimize_moves_the_leaves_through_a_call()
    {
        var file = tool.WriteFile("optimize-function.bp", "sq(x) = x * x\na = 3\nloss = sq(a - 1)\n");
        var run = Succeeds("optimize", file, "--rate", "0.5", "--steps", "5", "--format", "json");
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(1.0, json.RootElement.GetProperty("leaves").GetProperty("a").GetDouble(), 1e-6);
    }

    [Theory]
    [InlineData("--of", "sig", "--of sig: 'sig' is a function, not a binding")]
    [InlineData("--set", "sig=1", "--set sig=1: 'sig' is a function, not a leaf")]
    public void Naming_a_function_as_the_output_or_a_leaf_is_an_error_at_its_definition(string option, string value,
        string message)
    {
        var run = tool.Run("eval", Example("user-functions.bp"), option, value);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"{Example("user-functions.bp")}:9:1: error: {message}", run.Stderr);
    }
}
