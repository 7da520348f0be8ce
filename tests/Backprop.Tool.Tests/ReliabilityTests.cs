namespace Backprop.Tool.Tests;

/// <summary>
/// No crash, no hang, no lost file: arguments starting with @, standard output that cannot be
/// written or is closed early, and files that cannot be written over.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class ReliabilityTests(InstalledTool tool)
{
    private string Example(string name) => Path.Combine(tool.RepositoryRoot, "examples", name);

    [Fact]
    public void An_argument_starting_with_at_is_a_plain_file_name_not_a_response_file()
    {
        tool.WriteFile("@at.bp", "a = 2\nb = a * a\n");
        var run = tool.Run("eval", "@at.bp");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("name", run.Stdout);
    }

    [Fact]
    public void An_at_argument_naming_a_device_is_not_read_as_arguments()
    {
        var run = tool.Run("eval", "@/dev/zero");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("@/dev/zero:1:1: error: no such file\n", run.Stderr);
    }

    [Fact]
    public void Standard_output_on_a_full_disk_is_one_clear_error_and_exit_2()
    {
        if (!File.Exists("/dev/full"))
        {
            return; // Not Linux: there is no device that is always full.
        }

        foreach (var arguments in new[] { $"eval '{Example("neuron.bp")}'", "--help", "--version" })
        {
            var run = tool.RunProgram("sh", tool.Work, [], "-c", $"'{tool.Shim}' {arguments} > /dev/full");
            Assert.Equal(2, run.ExitCode);
            Assert.Equal("dotnet backprop: error: cannot write the output: No space left on device\n", run.Stderr);
        }
    }

    [Fact]
    public void A_reader_that_closes_the_pipe_early_ends_the_tool_quietly()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // The pipe is set up by bash.
        }

        var lines = string.Join("\n", Enumerable.Range(1, 100_000).Select(k => $"x{k} = {k}")) + "\ny = x1 * x2\n";
        var file = tool.WriteFile("many-lines.bp", lines);
        var run = tool.RunProgram("bash", tool.Work, [], "-c", $"'{tool.Shim}' eval {file} | head -1; exit ${{PIPESTATUS[0]}}");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.StartsWith("name", run.Stdout);
    }

    [Fact]
    public void A_file_that_cannot_be_written_over_is_left_as_it_was_with_no_temporary_file_beside_it()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes.
        }

        var folder = Path.Combine(tool.Work, $"read-only-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, "graph.dot");
        File.WriteAllText(target, "old");
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            if (CanWriteIn(folder))
            {
                return; // Running as root, whom file modes do not stop; the test below covers the rest.
            }

            var run = tool.Run("graph", Example("neuron.bp"), "--output", target);
            Assert.Equal(2, run.ExitCode);
            Assert.StartsWith($"dotnet backprop: error: --output {target}: cannot write the file: ", run.Stderr);
            Assert.Equal("old", File.ReadAllText(target));
            Assert.Equal([target], Directory.GetFiles(folder));
        }
        finally
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static bool CanWriteIn(string folder)
    {
        try
        {
            var probe = Path.Combine(folder, "probe");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    [Fact]
    public void Invisible_characters_in_a_name_are_shown_escaped_in_the_message()
    {
        var run = tool.Run("eval", Example("neuron.bp"), "--of", "o\u200B", "--set", "\u202Ex=1");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--of o\\u200B: the file binds no 'o\\u200B'", run.Stderr);
        Assert.Contains("--set \\u202Ex=1:", run.Stderr);
        Assert.False(run.Stderr.Contains('\u200B'), run.Stderr);
        Assert.False(run.Stderr.Contains('\u202E'), run.Stderr); // ordinal: a culture comparison ignores format characters
    }

    [Fact]
    public void Writing_a_file_again_replaces_it_whole_and_leaves_no_temporary_file()
    {
        var folder = Path.Combine(tool.Work, $"rewrite-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, "graph.dot");
        File.WriteAllText(target, new string('x', 100_000));
        Assert.Equal(0, tool.Run("graph", Example("neuron.bp"), "--output", target).ExitCode);
        Assert.StartsWith("digraph", File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFiles(folder));
    }
}
