namespace Backprop.Tool.Tests;

/// <summary>
/// Every command that writes a file says so in one line on stderr, in the same words; one that
/// writes its result to stdout says nothing more.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class WrittenFileTests(InstalledTool tool)
{
    private string Example(string name) => Path.Combine(tool.RepositoryRoot, "examples", name);

    [Fact]
    public void Every_written_file_is_announced_in_the_same_one_line_on_stderr()
    {
        var neuron = Example("neuron.bp");
        var moons = Example("moons.csv");
        string[][] commands =
        [
            ["derive", neuron, "--output", "neuron-derived.bp"],
            ["graph", neuron, "--output", "neuron.dot"],
            ["graph", neuron, "--output", "neuron.mmd"],
            ["plot", neuron, "--x", "x1", "--from", "-1", "--to", "1", "--output", "neuron.svg"],
            ["train", moons, "--steps", "2", "--save", "model.json", "--plot", "loss.svg", "--boundary", "regions.png"],
            ["train", moons, "--steps", "2", "--format", "json", "--save", "model-json.json"],
        ];

        var transcript = new System.Text.StringBuilder();
        foreach (var arguments in commands)
        {
            var run = tool.Run(arguments);
            Assert.True(run.ExitCode == 0, run.Stderr);
            Assert.DoesNotContain("wrote", run.Stdout);
            var shown = arguments.Select(a => a.Replace(tool.RepositoryRoot + Path.DirectorySeparatorChar, ""));
            transcript.Append($"$ dotnet backprop {string.Join(' ', shown)}\n{run.Stderr}");
        }

        Golden.Verify(tool, "written-files.txt", transcript.ToString());
    }

    [Fact]
    public void A_result_written_to_stdout_is_not_announced()
    {
        foreach (var command in new[] { "derive", "graph" })
        {
            var run = tool.Run(command, Example("neuron.bp"));
            Assert.Equal(0, run.ExitCode);
            Assert.NotEqual("", run.Stdout);
            Assert.Equal("", run.Stderr);
        }
    }

    [Fact]
    public void A_file_that_cannot_be_written_is_not_announced()
    {
        var run = tool.Run("derive", Example("neuron.bp"), "--output", "no-such-folder/d.bp");
        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain("wrote", run.Stderr);
    }
}
