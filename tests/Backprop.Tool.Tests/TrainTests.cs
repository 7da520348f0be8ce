using System.Globalization;
using System.Text.Json;
using Backprop.Fluent.Learning;

namespace Backprop.Tool.Tests;

/// <summary><c>dotnet backprop train</c> through the installed tool: the moons demo, its outputs and its model.</summary>
[Collection(InstalledToolCollection.Name)]
public sealed class TrainTests(InstalledTool tool)
{
    private string Moons => Path.Combine(tool.RepositoryRoot, "examples", "moons.csv");

    private static JsonElement Json(ToolRun run)
    {
        Assert.True(run.ExitCode == 0, run.Stderr);
        return JsonDocument.Parse(run.Stdout).RootElement;
    }

    [Fact]
    public void The_documented_moons_command_reaches_at_least_99_percent_training_accuracy()
    {
        // README.md and docs/cli.md: dotnet backprop train examples/moons.csv
        var run = tool.RunIn(tool.RepositoryRoot, null, "train", "examples/moons.csv");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var summary = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Matches(@"^after 100 steps: loss [0-9.e-]+, accuracy [0-9.]+% \(\d+ of 100 samples\)$", summary);
        var accuracy = double.Parse(summary[(summary.IndexOf("accuracy ") + 9)..summary.IndexOf('%')], CultureInfo.InvariantCulture);
        Assert.InRange(accuracy, 99.0, 100.0);
    }

    [Fact]
    public void Json_gives_steps_loss_and_accuracy_and_nothing_else()
    {
        var run = tool.Run("train", Moons, "--format", "json");
        var json = Json(run);

        Assert.Equal(["schema", "steps", "loss", "accuracy"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(100, json.GetProperty("steps").GetInt32());
        Assert.InRange(json.GetProperty("loss").GetDouble(), 0, 0.1);
        Assert.InRange(json.GetProperty("accuracy").GetDouble(), 0.99, 1);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void Progress_is_one_plain_line_per_step_when_the_output_is_not_a_terminal()
    {
        var run = tool.Run("train", Moons);

        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(101, lines.Length);
        Assert.Equal("step 0 loss 0.743547, accuracy 50.0%", lines[0]);
        for (var k = 0; k < 100; k++)
        {
            Assert.Matches($@"^step {k} loss [0-9.e-]+, accuracy [0-9.]+%$", lines[k]);
        }

        Assert.DoesNotContain('\r', run.Stdout);
    }

    [Fact]
    public void Progress_is_one_line_rewritten_in_place_on_a_terminal()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/script"))
        {
            return; // util-linux's script(1) provides the terminal; other systems' script takes other arguments.
        }

        // script(1) runs the tool on a pseudo-terminal and copies what it shows to its own stdout.
        var command = $"'{tool.Shim}' train '{Moons}'";
        var run = tool.RunProgram("/usr/bin/script", tool.Work, [], "-qec", command, "/dev/null");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var shown = run.Stdout.Replace("\r\n", "\n");
        Assert.Contains("\rstep 0 of 100: loss 0.743547, accuracy 50.0% · ", shown);
        Assert.Contains("\rstep 99 of 100: loss ", shown);
        Assert.Single(shown.Split('\n'), line => line.Contains("step "));
        Assert.Contains("\nafter 100 steps: loss ", shown);
    }

    [Fact]
    public void The_saved_model_loads_and_classifies_the_data_as_training_reported()
    {
        var run = tool.Run("train", Moons, "--format", "json", "--save", "model.json");
        var accuracy = Json(run).GetProperty("accuracy").GetDouble();

        var model = Model.Load(Path.Combine(tool.Work, "model.json"));
        Assert.Equal("MLP(2, [16, 16, 1]) relu/linear", model.Shape.ToString());
        Assert.Equal(accuracy, model.Accuracy(Dataset.LoadCsv(Moons)));
    }

    [Fact]
    public void Saving_the_model_says_where_in_one_line_on_stderr_and_leaves_the_table_alone()
    {
        var run = tool.Run("train", Moons, "--steps", "2", "--save", "saved-model.json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("wrote saved-model.json\n", run.Stderr);
        Assert.DoesNotContain("saved-model.json", run.Stdout);
        Assert.True(File.Exists(Path.Combine(tool.Work, "saved-model.json")));
    }

    [Fact]
    public void The_same_seed_gives_the_same_run_and_another_seed_another()
    {
        string[] options = ["--steps", "20", "--format", "json"];
        var first = tool.Run(["train", Moons, .. options, "--seed", "5"]).Stdout;
        var again = tool.Run(["train", Moons, .. options, "--seed", "5"]).Stdout;
        var other = tool.Run(["train", Moons, .. options, "--seed", "6"]).Stdout;

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Theory]
    [InlineData("--layers", "none", "--loss", "hinge")]
    [InlineData("--layers", "8", "--activation", "tanh", "--loss", "mse", "--lr", "0.1", "--decay", "none")]
    [InlineData("--layers", "4,4,4", "--loss", "bce", "--l2", "0", "--steps", "300", "--lr", "0.5")]
    public void Every_network_loss_and_schedule_trains(params string[] options)
    {
        var json = Json(tool.Run(["train", Moons, "--format", "json", .. options]));

        // Even a linear model separates two moons better than chance.
        Assert.InRange(json.GetProperty("accuracy").GetDouble(), 0.75, 1);
    }

    [Fact]
    public void Micrograds_four_sample_classifier_loses_loss_at_every_step_and_ends_4_of_4_correct()
    {
        // The lecture's MLP(3, [4, 4, 1]), tanh throughout, mean squared error, 20 steps of 0.1.
        var run = tool.RunIn(tool.RepositoryRoot, null, "train", "examples/micrograd-four-samples.csv", "--layers", "4,4",
            "--activation", "tanh", "--output", "tanh", "--loss", "mse", "--steps", "20", "--lr", "0.1", "--decay", "none", "--l2", "0");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var losses = lines[..20].Select(l => double.Parse(l.Split(' ')[3].TrimEnd(','), CultureInfo.InvariantCulture)).ToList();
        Assert.All(losses.Zip(losses.Skip(1)), pair => Assert.True(pair.Second < pair.First, $"{pair.Second} < {pair.First}"));
        Assert.Equal("after 20 steps: loss 0.0177849, accuracy 100.0% (4 of 4 samples)", lines[20]);
    }

    [Fact]
    public void Generated_data_can_be_piped_into_train()
    {
        var data = tool.Run("data", "moons", "--n", "60", "--seed", "3");
        var run = tool.RunWithInput(data.Stdout, "train", "-", "--steps", "30", "--format", "json");

        Assert.InRange(Json(run).GetProperty("accuracy").GetDouble(), 0.8, 1);
    }

    [Fact]
    public void Labels_0_and_1_and_a_file_without_header_are_read()
    {
        var file = tool.WriteFile("xor-free.csv", "0,0,0\n0,1,0\n3,3,1\n3,4,1\n");
        var json = Json(tool.Run("train", file, "--layers", "none", "--format", "json"));

        Assert.Equal(1.0, json.GetProperty("accuracy").GetDouble());
    }

    [Fact]
    public void Help_shows_usage_examples_and_exit_codes()
    {
        var run = tool.Run("train", "--help");
        Assert.Equal(0, run.ExitCode);
        Golden.Verify(tool, "help-train.txt", run.Stdout);
    }
}
