using System.Text.Json;

namespace Backprop.Tool.Tests;

/// <summary><c>dotnet backprop optimize</c> through the installed tool, on the examples and on small files.</summary>
[Collection(InstalledToolCollection.Name)]
public sealed class OptimizeTests(InstalledTool tool)
{
    private ToolRun RunInRepository(params string[] arguments) => tool.RunIn(tool.RepositoryRoot, null, arguments);

    private static JsonElement Json(ToolRun run)
    {
        Assert.True(run.ExitCode == 0, run.Stderr);
        return JsonDocument.Parse(run.Stdout).RootElement;
    }

    private static double Leaf(JsonElement json, string name) => json.GetProperty("leaves").GetProperty(name).GetDouble();

    [Fact]
    public void The_perceptron_reaches_a_loss_of_1e_4_in_57_steps_moving_only_its_weights()
    {
        // docs/learning.md: the error shrinks by 0.9 a step, 3.88·0.9^57 < 0.01 < 3.88·0.9^56.
        var json = Json(RunInRepository("optimize", "examples/perceptron.bp", "--rate", "0.01", "--until", "1e-4",
            "--params", "w0,w1", "--format", "json"));

        Assert.Equal("loss", json.GetProperty("output").GetString());
        Assert.Equal(57, json.GetProperty("steps").GetInt32());
        Assert.True(json.GetProperty("reached").GetBoolean());
        Assert.InRange(json.GetProperty("value").GetDouble(), 0, 1e-4);
        Assert.Equal(["w0", "w1", "x0", "x1"], json.GetProperty("leaves").EnumerateObject().Select(p => p.Name));
        Assert.Equal(-1.0, Leaf(json, "x0"));
        Assert.Equal(-2.0, Leaf(json, "x1"));
        var output = Leaf(json, "w0") * -1 + Leaf(json, "w1") * -2;
        Assert.InRange(Math.Abs(output - 0.12), 0, 0.01);
    }

    [Fact]
    public void The_perceptron_written_with_vectors_optimises_to_the_same_numbers_bit_for_bit()
    {
        var scalars = Json(RunInRepository("optimize", "examples/perceptron.bp", "--rate", "0.01", "--until", "1e-4",
            "--params", "w0,w1", "--format", "json"));
        var vectors = Json(RunInRepository("optimize", "examples/perceptron-vectors.bp", "--rate", "0.01", "--until", "1e-4",
            "--params", "w", "--format", "json"));

        Assert.Equal(57, vectors.GetProperty("steps").GetInt32());
        Assert.Equal(["w[0]", "w[1]", "x[0]", "x[1]"], vectors.GetProperty("leaves").EnumerateObject().Select(p => p.Name));
        Assert.Equal(Leaf(scalars, "w0"), Leaf(vectors, "w[0]"));
        Assert.Equal(Leaf(scalars, "w1"), Leaf(vectors, "w[1]"));
        Assert.Equal(scalars.GetProperty("value").GetDouble(), vectors.GetProperty("value").GetDouble());
    }

    [Fact]
    public void Params_can_name_single_elements_of_a_matrix_beside_whole_vectors()
    {
        // y = sum(W @ x): dy/dW[1,0] = x[0] = 1, dy/dx = the column sums of W = [4, 6].
        var file = tool.WriteFile("matrix.bp", "W = [[1, 2], [3, 4]]\nx = [1, 1]\ny = sum(W @ x)\n");
        var json = Json(tool.Run("optimize", file, "--rate", "0.1", "--steps", "1", "--params", "W[1, 0],x", "--format", "json"));

        Assert.Equal(1.0, Leaf(json, "W[0,0]"));
        Assert.Equal(2.9, Leaf(json, "W[1,0]"));
        Assert.Equal(4.0, Leaf(json, "W[1,1]"));
        Assert.Equal(1 - 0.1 * 4, Leaf(json, "x[0]"));
        Assert.Equal(1 - 0.1 * 6, Leaf(json, "x[1]"));
    }

    [Fact]
    public void Without_params_every_leaf_the_output_depends_on_moves()
    {
        var json = Json(RunInRepository("optimize", "examples/perceptron.bp", "--rate", "0.01", "--steps", "3", "--format", "json"));

        Assert.Equal(3, json.GetProperty("steps").GetInt32());
        Assert.False(json.TryGetProperty("reached", out _), "no target, no 'reached'");
        Assert.NotEqual(-1.0, Leaf(json, "x0"));
        Assert.NotEqual(-2.0, Leaf(json, "x1"));
    }

    [Fact]
    public void The_svm_example_separates_its_six_points_after_400_steps()
    {
        var json = Json(RunInRepository("optimize", "examples/svm.bp", "--rate", "0.1", "--steps", "400", "--format", "json"));

        Assert.Equal(400, json.GetProperty("steps").GetInt32());
        Assert.False(json.TryGetProperty("reached", out _), "no target, no 'reached'");
        Assert.InRange(json.GetProperty("value").GetDouble(), 0, 1.05 / 2);
        var (a, b, c) = (Leaf(json, "a"), Leaf(json, "b"), Leaf(json, "c"));
        // The points and labels of examples/svm.bp.
        (double X, double Y, int Label)[] points =
            [(1.2, 0.7, 1), (-0.3, -0.5, -1), (3.0, 0.1, 1), (-0.1, -1.0, -1), (-1.0, 1.1, -1), (2.1, -3.0, 1)];
        Assert.All(points, p => Assert.Equal(p.Label, Math.Sign(a * p.X + b * p.Y + c)));
    }

    [Fact]
    public void Maximize_climbs_until_the_output_is_at_or_above_the_target()
    {
        // x moves by 0.2·(3 - x) a step, so y = -9·0.64^k, which first reaches -0.01 at k = 16.
        var file = tool.WriteFile("hill.bp", "x = 0\ny = -(x - 3) ** 2\n");
        var json = Json(tool.Run("optimize", file, "--rate", "0.1", "--maximize", "--until", "-0.01", "--format", "json"));

        Assert.Equal(16, json.GetProperty("steps").GetInt32());
        Assert.True(json.GetProperty("reached").GetBoolean());
        Assert.InRange(json.GetProperty("value").GetDouble(), -0.01, 0);
        Assert.Equal(3 - 3 * Math.Pow(0.8, 16), Leaf(json, "x"), 12);
    }

    [Fact]
    public void Of_optimises_another_binding_from_the_values_set_on_the_command_line()
    {
        var file = tool.WriteFile("two.bp", "a = 1\nb = 2\nc = a * a\nd = b * b\n");
        var json = Json(tool.Run("optimize", file, "--rate", "0.25", "--steps", "1", "--of", "c", "--set", "a=2", "--format", "json"));

        Assert.Equal("c", json.GetProperty("output").GetString());
        Assert.Equal(1.0, Leaf(json, "a")); // 2 - 0.25 · 2·2
        Assert.Equal(2.0, Leaf(json, "b"));
        Assert.Equal(1.0, json.GetProperty("value").GetDouble());
    }

    [Fact]
    public void A_target_not_reached_in_the_steps_is_a_warning_not_an_error()
    {
        var run = RunInRepository("optimize", "examples/perceptron.bp", "--rate", "0.01", "--until", "1e-4", "--steps", "10",
            "--format", "json");
        var json = Json(run);

        Assert.Equal(10, json.GetProperty("steps").GetInt32());
        Assert.False(json.GetProperty("reached").GetBoolean());
        Assert.Equal(
            "dotnet backprop: warning: 'loss' did not reach at or below 0.0001 in 10 steps; allow more with --steps\n",
            run.Stderr);
    }

    [Fact]
    public void The_table_shows_each_step_then_the_final_value_and_every_leaf()
    {
        var run = RunInRepository("optimize", "examples/perceptron.bp", "--rate", "0.01", "--until", "1e-4", "--params", "w0,w1");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Golden.Verify(tool, "optimize-perceptron.table.txt", run.Stdout);
    }

    [Fact]
    public void Progress_lines_thin_out_after_100_steps()
    {
        var file = tool.WriteFile("slow.bp", "x = 100\ny = x * x\n");
        var run = tool.Run("optimize", file, "--rate", "1e-6", "--steps", "1500");

        var steps = run.Stdout.Split('\n').Where(l => l.StartsWith("step ")).Select(l => int.Parse(l[5..l.IndexOf(':')])).ToList();
        Assert.Equal([.. Enumerable.Range(0, 100), .. Enumerable.Range(10, 90).Select(k => 10 * k), 1000, 1100, 1200, 1300, 1400, 1500], steps);
    }

    [Fact]
    public void The_file_can_come_from_standard_input()
    {
        var run = tool.RunWithInput("x = 1\ny = x * x\n", "optimize", "-", "--rate", "0.5", "--steps", "1", "--format", "json");

        Assert.Equal(0.0, Leaf(Json(run), "x"));
    }

    [Fact]
    public void Help_shows_usage_examples_and_exit_codes()
    {
        var run = tool.Run("optimize", "--help");
        Assert.Equal(0, run.ExitCode);
        Golden.Verify(tool, "help-optimize.txt", run.Stdout);
    }
}
