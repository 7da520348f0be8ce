using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Backprop.Tool.Tests;

/// <summary>
/// <c>derive --format csharp|fsharp|latex</c>. The C# the tool writes for several examples is
/// kept as golden files that this project compiles (golden/derive-*.cs), so each test run proves
/// that the generated code builds, and that its numbers are those of <c>eval</c> of the derived
/// <c>.bp</c> file, bit for bit.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class DeriveCodeTests(InstalledTool tool)
{
    private string Example(string name) => Path.Combine(tool.RepositoryRoot, "examples", name);

    private ToolRun Succeeds(params string[] arguments)
    {
        var run = tool.Run(arguments);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Equal("", run.Stderr);
        return run;
    }

    /// <summary>The value of every scalar binding of <c>eval --format json</c>, by name.</summary>
    private Dictionary<string, double> Values(string file)
    {
        using var json = JsonDocument.Parse(Succeeds("eval", file, "--format", "json").Stdout);
        return json.RootElement.GetProperty("nodes").EnumerateArray()
            .Where(n => n.GetProperty("value").ValueKind == JsonValueKind.Number)
            .ToDictionary(n => n.GetProperty("name").GetString()!, n => n.GetProperty("value").GetDouble());
    }

    [Theory]
    [InlineData("neuron", "NeuronDerivatives")]
    [InlineData("micrograd-more-ops", "MicrogradMoreOpsDerivatives")]
    [InlineData("activations", "ActivationsDerivatives")]
    [InlineData("sigmoid-layer", "SigmoidLayerDerivatives")]
    [InlineData("perceptron-vectors", "PerceptronVectorsDerivatives")]
    public void The_csharp_of_an_example_is_the_compiled_golden_file_and_gives_the_derived_files_numbers_bit_for_bit(
        string example, string className)
    {
        var file = Example(example + ".bp");
        Golden.Verify(tool, $"derive-{example}.cs", Succeeds("derive", file, "--format", "csharp").Stdout);

        var derivedBp = tool.WriteFile($"derived-{example}-{Guid.NewGuid():N}.bp", Succeeds("derive", file).Stdout);
        var expected = Values(derivedBp);
        var type = typeof(DeriveCodeTests).Assembly.GetType(className)!;
        var method = type.GetMethod("AtFileValues", BindingFlags.Public | BindingFlags.Static)!;
        // A tuple of more than seven elements nests its rest, whose slots have no names.
        var names = method.ReturnParameter.GetCustomAttribute<TupleElementNamesAttribute>()!.TransformNames
            .Where(n => n is not null).ToList();
        var values = (ITuple)method.Invoke(null, null)!;

        Assert.Equal(names.Count, values.Length);
        for (var k = 0; k < values.Length; k++)
        {
            var name = names[k]!;
            Assert.True(expected.ContainsKey(name), $"no {name} in the derived .bp file");
            Assert.True(expected[name].Equals((double)values[k]!), $"{name}: C# gives {values[k]}, the derived .bp file {expected[name]}");
        }
    }

    [Fact]
    public void The_fsharp_of_the_neuron_is_a_module_with_a_function_of_the_leaves()
    {
        var text = Succeeds("derive", Example("neuron.bp"), "--format", "fsharp").Stdout;
        Assert.Contains("module NeuronDerivatives\n", text);
        Assert.Contains("let derive (x1: float) (x2: float) (w1: float) (w2: float) (b: float) =\n", text);
        Assert.Contains("    let _t1 = 1.0 - o * o\n", text);
        Assert.Contains("        do_dx1 = _t1 * w1\n", text);
        Assert.EndsWith("let atFileValues () =\n    derive 2.0 0.0 (-3.0) 1.0 6.881373587019543\n", text);
    }

    [Fact]
    public void The_latex_of_the_neuron_is_an_aligned_block_of_its_bindings_and_partial_derivatives()
    {
        Golden.Verify(tool, "derive-neuron.tex", Succeeds("derive", Example("neuron.bp"), "--format", "latex").Stdout);
    }

    [Fact]
    public void Second_derivatives_in_latex_are_written_as_second_partials()
    {
        var text = Succeeds("derive", Example("rosenbrock.bp"), "--order", "2", "--format", "latex").Stdout;
        Assert.Contains(@"\frac{\partial^{2} f}{\partial x^{2}} &= ", text);
        Assert.Contains(@"\frac{\partial^{2} f}{\partial x\,\partial y} &= ", text);
    }

    [Fact]
    public void Names_that_are_keywords_are_escaped_in_each_language()
    {
        var file = tool.WriteFile("keywords.bp", "in = 2\nfor = in * in\nout = tanh(for)\n");
        var csharp = Succeeds("derive", file, "--format", "csharp").Stdout;
        Assert.Contains("Derive(double @in)", csharp);
        Assert.Contains("var @for = @in * @in;", csharp);
        var fsharp = Succeeds("derive", file, "--format", "fsharp").Stdout;
        Assert.Contains("let derive (``in``: float) =", fsharp);
        Assert.Contains("let ``for`` = ``in`` * ``in``", fsharp);
    }

    [Fact]
    public void A_binding_named_as_the_generated_code_names_its_helpers_is_an_error_at_that_binding()
    {
        var file = tool.WriteFile("math.bp", "x = 2\nMath = x * x\n");
        var run = tool.Run("derive", file, "--format", "csharp");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal(
            $"{file}:2:1: error: 'Math' is a name the generated code uses for itself; rename this binding to write the derivatives as code\nMath = x * x\n^\n",
            run.Stderr);
    }

    [Fact]
    public void An_unknown_format_is_a_usage_error()
    {
        var run = tool.Run("derive", Example("neuron.bp"), "--format", "python");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("python", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }
}
