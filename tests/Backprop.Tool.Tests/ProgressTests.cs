using System.Text.RegularExpressions;

namespace Backprop.Tool.Tests;

/// <summary>
/// On a terminal, train and optimize show one line redrawn in place: the step of the total, the
/// time so far and an estimate of the time left. A file or a pipe gets the plain lines it always got.
/// script(1) of util-linux runs the tool on a pseudo-terminal and copies what it shows to its stdout.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class ProgressTests(InstalledTool tool)
{
    private string Example(string name) => Path.Combine(tool.RepositoryRoot, "examples", name);

    /// <summary>Runs a shell command on a pseudo-terminal (stdout and stderr both the terminal).</summary>
    private ToolRun OnTerminal(string command)
    {
        var run = tool.RunProgram("script", tool.Work, [], "-qec", command, "/dev/null");
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        return run;
    }

    /// <summary>Every state the live line was drawn in.</summary>
    private static string[] LiveStates(string shown) =>
        shown.Replace("\r\n", "\n").Split('\r', '\n').Select(s => s.TrimEnd()).Where(s => s.StartsWith("step ")).ToArray();

    [Fact]
    public void Train_on_a_terminal_shows_the_step_of_the_total_the_time_so_far_and_the_time_left()
    {
        // Enough steps to outlast several redraws (50 ms apart) on a fast machine.
        var run = OnTerminal($"'{tool.Shim}' train '{Example("moons.csv")}' --steps 6000");
        var states = LiveStates(run.Stdout);

        Assert.Matches(@"^step 0 of 6,000: loss 0\.743547, accuracy 50\.0% · [0-9.]+ s$", states[0]);
        Assert.Contains(states, s => Regex.IsMatch(s, @"^step [1-9][0-9,]* of 6,000: loss [0-9.e-]+, accuracy [0-9.]+% · [0-9.]+ s, about [0-9.]+ s left$"));
        // The last state stays, with the run's time and no estimate; the summary follows on its own line.
        Assert.Matches(@"^step 5,999 of 6,000: loss [0-9.e-]+, accuracy [0-9.]+% · [0-9.]+ s$", states[^1]);
        Assert.Contains("\nafter 6,000 steps: loss ", run.Stdout.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Optimize_until_a_target_estimates_the_time_left_as_an_upper_bound()
    {
        // The minimum of 3x² - 4x + 5 is above -1: the run goes to its last step.
        var run = OnTerminal($"'{tool.Shim}' optimize '{Example("quadratic.bp")}' --rate 0.001 --until -1 --steps 1000000");
        var states = LiveStates(run.Stdout);

        Assert.Matches(@"^step 0 of 1,000,000: f = 20 · [0-9.]+ s$", states[0]);
        Assert.Contains(states, s => Regex.IsMatch(s, @"^step [1-9][0-9,]* of 1,000,000: f = [0-9.]+ · [0-9.]+ s, at most about [0-9.]+ s left$"));
    }

    [Fact]
    public void With_the_table_in_a_file_the_file_gets_the_plain_lines_and_the_terminal_a_live_line_it_then_erases()
    {
        var run = OnTerminal($"'{tool.Shim}' train '{Example("moons.csv")}' --steps 50 > on-terminal.txt");
        var plain = tool.Run("train", Example("moons.csv"), "--steps", "50");

        Assert.Equal(plain.Stdout, File.ReadAllText(Path.Combine(tool.Work, "on-terminal.txt")));
        Assert.Contains("step 0 of 50: loss 0.743547", run.Stdout);
        // Erased: the terminal ends on a blank line, not on the progress.
        Assert.EndsWith("\r", run.Stdout.TrimEnd(' ', '\n').Replace("\r\n", "\n").TrimEnd(' '));
    }

    [Fact]
    public void Json_to_a_file_shows_the_live_line_on_the_terminal_and_the_file_gets_only_the_json()
    {
        var run = OnTerminal($"'{tool.Shim}' train '{Example("moons.csv")}' --steps 20 --format json > train.json");
        Assert.Contains("step 0 of 20: loss 0.743547", run.Stdout);
        Assert.StartsWith("{", File.ReadAllText(Path.Combine(tool.Work, "train.json")));
        Assert.DoesNotContain("step 0", File.ReadAllText(Path.Combine(tool.Work, "train.json")));
    }

    [Fact]
    public void Piped_progress_is_the_plain_lines_with_no_step_total_or_times()
    {
        var run = tool.Run("optimize", Example("perceptron.bp"), "--rate", "0.01", "--until", "1e-4", "--params", "w0,w1");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("step 0: loss = 15.0544\nstep 1: loss = 12.1941\n", run.Stdout);
        Assert.DoesNotContain(" of ", run.Stdout);
        Assert.DoesNotContain('\r', run.Stdout);
    }
}
