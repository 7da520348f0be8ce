namespace Backprop.Tool.Tests;

/// <summary><c>dotnet backprop data moons</c>: the demo's data without other software.</summary>
[Collection(InstalledToolCollection.Name)]
public sealed class DataTests(InstalledTool tool)
{
    [Fact]
    public void The_documented_command_writes_examples_moons_csv()
    {
        var run = tool.Run("data", "moons", "--n", "100", "--noise", "0.1", "--seed", "1");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(tool.RepositoryRoot, "examples", "moons.csv")).ReplaceLineEndings("\n"), run.Stdout);
    }

    [Fact]
    public void The_defaults_are_100_samples_noise_0_1_seed_1()
    {
        Assert.Equal(tool.Run("data", "moons", "--n", "100", "--noise", "0.1", "--seed", "1").Stdout, tool.Run("data", "moons").Stdout);
    }

    [Fact]
    public void An_odd_count_puts_the_extra_sample_on_the_lower_moon()
    {
        var lines = tool.Run("data", "moons", "--n", "7", "--noise", "0").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("x1,x2,label", lines[0]);
        Assert.Equal(7, lines.Length - 1);
        Assert.Equal(3, lines.Skip(1).Count(l => l.EndsWith(",-1")));
        Assert.Equal(4, lines.Skip(1).Count(l => l.EndsWith(",1") && !l.EndsWith(",-1")));
    }

    [Fact]
    public void Help_shows_usage_examples_and_exit_codes()
    {
        var run = tool.Run("data", "moons", "--help");
        Assert.Equal(0, run.ExitCode);
        Golden.Verify(tool, "help-data-moons.txt", run.Stdout);
    }
}
