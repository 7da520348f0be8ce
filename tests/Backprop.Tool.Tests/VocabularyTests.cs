namespace Backprop.Tool.Tests;

/// <summary>One vocabulary across commands: the learning rate, files versus activations, plurals, formats.</summary>
[Collection(InstalledToolCollection.Name)]
public sealed class VocabularyTests(InstalledTool tool)
{
    private string Example(string name) => Path.Combine(tool.RepositoryRoot, "examples", name);

    [Fact]
    public void The_learning_rate_is_rate_or_lr_in_both_optimize_and_train()
    {
        var rate = tool.Run("optimize", Example("quadratic.bp"), "--rate", "0.1", "--steps", "3");
        var lr = tool.Run("optimize", Example("quadratic.bp"), "--lr", "0.1", "--steps", "3");
        Assert.Equal(0, lr.ExitCode);
        Assert.Equal(rate.Stdout, lr.Stdout);

        string[] train = ["train", Example("micrograd-four-samples.csv"), "--layers", "4,4", "--activation", "tanh",
            "--loss", "mse", "--steps", "3", "--decay", "none", "--l2", "0", "--format", "json"];
        var trainLr = tool.Run([.. train, "--lr", "0.1", "--output-activation", "tanh"]);
        var trainRate = tool.Run([.. train, "--rate", "0.1", "--output", "tanh"]);
        Assert.Equal(0, trainRate.ExitCode);
        Assert.Equal(trainLr.Stdout, trainRate.Stdout);
    }

    [Theory]
    [InlineData("dotnet backprop: error: --rate abc: 'abc' is not a number.\n", "optimize", "x.bp", "--rate", "abc")]
    [InlineData("dotnet backprop: error: --steps 1.5: '1.5' is not a whole number.\n", "train", "x.csv", "--steps", "1.5")]
    public void An_option_value_that_does_not_parse_is_named_without_dotnet_types(string expected, params string[] arguments)
    {
        var run = tool.Run(arguments);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith(expected, run.Stderr);
        Assert.DoesNotContain("System.", run.Stderr);
    }

    [Fact]
    public void One_step_is_written_in_the_singular()
    {
        var run = tool.Run("optimize", Example("quadratic.bp"), "--rate", "0.1", "--steps", "1");
        Assert.Contains(" after 1 step\n", run.Stdout);
    }

    [Fact]
    public void One_training_step_is_written_in_the_singular()
    {
        var run = tool.Run("train", Example("moons.csv"), "--steps", "1");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("after 1 step: loss ", run.Stdout.Split('\n')[^2]);
    }

    [Fact]
    public void A_check_of_one_leaf_is_written_in_the_singular_in_every_format()
    {
        var file = tool.WriteFile("one-leaf.bp", "x = 3\ny = x * x\n");
        var table = tool.Run("check", file);
        Assert.Equal(0, table.ExitCode);
        Assert.EndsWith(": ok, the 1 leaf of 'y' within tolerance\n", table.Stdout);
        var markdown = tool.Run("check", file, "--format", "markdown");
        Assert.Contains("**ok**: the 1 leaf of `y` within tolerance", markdown.Stdout);
        var second = tool.Run("check", file, "--order", "2");
        Assert.EndsWith(": ok, the 1 second derivative of 'y' within tolerance\n", second.Stdout);
    }

    [Fact]
    public void Asking_for_one_moon_sample_is_refused_in_words_that_fit_one()
    {
        var run = tool.Run("data", "moons", "--n", "1");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("dotnet backprop: error: Two moons need at least 2 samples, one per class, not 1.\n", run.Stderr);
    }

    [Fact]
    public void Check_writes_markdown_for_a_job_summary()
    {
        var run = tool.Run("check", Example("neuron.bp"), "--format", "markdown");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("| leaf | value | analytic | numeric | error | ok |\n|:-----|", run.Stdout);
        Assert.EndsWith("\n**ok**: all 5 leaves of `o` within tolerance (step 1e-06, tolerance 1e-06).\n", run.Stdout);
    }
}
