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
        Assert.Equal("dotnet backprop: error: @/dev/zero: no such file\n", run.Stderr);
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

    private string ManyLeaves(int count)
    {
        var values = string.Join(", ", Enumerable.Range(0, count).Select(k => (k % 13 / 10.0 - 0.6).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return tool.WriteFile($"leaves-{count}.bp", $"w = [{values}]\ny = sum(tanh(w) * w)\n");
    }

    [Fact]
    public void Check_of_more_than_1000_leaves_checks_random_directions_and_says_so()
    {
        var run = tool.Run("check", ManyLeaves(20_000));
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("direction ", run.Stdout);
        Assert.Contains("ok, all 8 random directions (entries ±1, seed 1) of 'y', which has 20,000 leaves, within tolerance", run.Stdout);
        Assert.Matches(@"^dotnet backprop: note: 'y' has 20,000 leaves, more than 1,000: checked 8 random directions instead of each leaf; --all-leaves checks each one \(about [0-9,]+ s here\)\n$", run.Stderr);
        var json = tool.Run("check", ManyLeaves(20_000), "--format", "json").Stdout;
        Assert.Contains("\"strategy\": \"directions\"", json);
        Assert.Contains("\"leafCount\": 20000", json);
    }

    [Fact]
    public void Check_all_leaves_checks_each_leaf_however_many()
    {
        var run = tool.Run("check", ManyLeaves(1_001), "--all-leaves");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Assert.Contains("ok, all 1,001 leaves of 'y' within tolerance", run.Stdout);
        Assert.Equal("", tool.Run("check", ManyLeaves(1_000)).Stderr);
    }

    [Fact]
    public void A_matrix_product_too_large_for_memory_is_refused_at_its_operator_before_it_is_built()
    {
        var values = string.Join(", ", Enumerable.Range(1, 1000));
        var file = tool.WriteFile("huge-product.bp", $"v = [{values}]\nM = outer(v, v)\nP = M @ M\ny = sum(P)\n");
        var run = tool.Run("eval", file);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Matches(@"^huge-product.bp:3:7: error: this product would build 2,000,000,000 nodes, about 400.0 GB, more than the [0-9.]+ GB this process can still use\n", run.Stderr);
    }

    [Fact]
    public void A_file_too_large_for_the_memory_the_process_may_use_is_refused_before_it_is_bound()
    {
        var lines = string.Join("\n", Enumerable.Range(1, 200_000).Select(k => $"x{k} = tanh(x{k - 1} * w + 0.1)"));
        var file = tool.WriteFile("chain-200k.bp", $"x0 = 0.5\nw = 0.9\n{lines}\n");
        // A 128 MB heap: the 6.6 MB file would need about 0.2 GB. The value is hexadecimal; the
        // Native AOT runtime reads it only without a 0x prefix.
        (string, string)[] smallHeap = [("DOTNET_GCHeapHardLimit", "8000000")];
        var run = tool.RunProgram(tool.Shim, tool.Work, smallHeap, "eval", file);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Matches(@"^dotnet backprop: error: chain-200k\.bp: the file is [0-9,.]+ characters long; evaluating it needs about 0.2 GB, more than the 0.[01] GB this process can still use\n$", run.Stderr);
        Assert.Equal(0, tool.RunProgram(tool.Shim, tool.Work, smallHeap, "eval", Example("neuron.bp")).ExitCode);
    }

    [Theory]
    [InlineData("dotnet backprop: error: unknown command 'evl'; did you mean 'eval'?\n", "evl", "x.bp")]
    [InlineData("dotnet backprop: error: unknown option '--fromat'; did you mean '--format'?\n", "eval", "x.bp", "--fromat", "json")]
    public void A_mistyped_command_or_option_is_one_error_line_with_the_nearest_name(string expected, params string[] arguments)
    {
        var run = tool.Run(arguments);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith(expected, run.Stderr);
        Assert.Equal(2, run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
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
