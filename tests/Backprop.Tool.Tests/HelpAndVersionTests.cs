namespace Backprop.Tool.Tests;

[Collection(InstalledToolCollection.Name)]
public sealed class HelpAndVersionTests(InstalledTool tool)
{
    [Theory]
    [InlineData("help.txt", "--help")]
    [InlineData("help-eval.txt", "eval", "--help")]
    [InlineData("help-check.txt", "check", "--help")]
    [InlineData("help-graph.txt", "graph", "--help")]
    [InlineData("help-plot.txt", "plot", "--help")]
    public void Help_shows_usage_as_dotnet_backprop_with_examples_and_exit_codes(string golden, params string[] arguments)
    {
        var run = tool.Run(arguments);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("dotnet backprop", run.Stdout);
        Assert.Contains("Examples:", run.Stdout);
        Assert.DoesNotContain("dotnet-backprop", run.Stdout);
        Golden.Verify(tool, golden, run.Stdout);
    }

    public static TheoryData<string[]> EveryHelpPage => new()
    {
        new[] { "--help" },
        new[] { "eval", "--help" },
        new[] { "check", "--help" },
        new[] { "hessian", "--help" },
        new[] { "jacobian", "--help" },
        new[] { "derive", "--help" },
        new[] { "graph", "--help" },
        new[] { "plot", "--help" },
        new[] { "optimize", "--help" },
        new[] { "train", "--help" },
        new[] { "data", "moons", "--help" },
    };

    [Theory]
    [MemberData(nameof(EveryHelpPage))]
    public void Piped_help_is_wrapped_at_80_columns_with_no_trailing_spaces(string[] arguments)
    {
        var run = tool.Run(arguments);
        Assert.Equal(0, run.ExitCode);
        foreach (var line in run.Stdout.Split('\n'))
        {
            Assert.True(line.Length <= 80, $"longer than 80: {line}");
            Assert.False(line.EndsWith(' '), $"ends in a space: '{line}'");
        }
    }

    [Theory]
    [InlineData(60)]
    [InlineData(120)]
    public void Help_on_a_terminal_is_wrapped_at_its_width_examples_and_exit_codes_included(int columns)
    {
        // script(1) runs the tool on a pseudo-terminal of the given width.
        var command = $"stty cols {columns}; '{tool.Shim}' plot --help";
        var run = tool.RunProgram("script", tool.Work, [], "-qec", command, "/dev/null");
        Assert.Equal(0, run.ExitCode);
        var text = System.Text.RegularExpressions.Regex.Replace(run.Stdout.Replace("\r", ""), "\u001b(\\[[?0-9;]*[a-zA-Z]|[=>])", "");
        var lines = text.Split('\n');
        Assert.All(lines, line => Assert.True(line.Length <= columns, $"longer than {columns}: {line}"));
        // The longest line nearly fills the width: the help follows the terminal, not a fixed 80.
        Assert.InRange(lines.Max(l => l.Length), columns - 12, columns);
        var examples = lines.SkipWhile(l => l != "Examples:").TakeWhile(l => l != "").ToList();
        Assert.Contains(examples, l => l.StartsWith("  dotnet backprop plot examples/activations.bp"));
        if (columns < 100)
        {
            // A wrapped example stays one shell command: each line but its last ends in a backslash.
            Assert.Contains(examples, l => l.EndsWith(" \\"));
        }
    }

    [Fact]
    public void Version_prints_the_package_version()
    {
        var run = tool.Run("--version");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(tool.Version + "\n", run.Stdout);
    }

    [Fact]
    public void The_installed_tool_runs_as_dotnet_backprop()
    {
        var run = tool.RunDotnet(tool.Work, "backprop", "--version");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(tool.Version + "\n", run.Stdout);
    }

    [Fact]
    public void The_tool_installs_into_a_local_manifest_and_runs_as_dotnet_backprop()
    {
        var project = Path.Combine(tool.Root, "local-manifest");
        Directory.CreateDirectory(project);
        Assert.Equal(0, tool.RunDotnetWithoutToolPath(project, "new", "tool-manifest").ExitCode);
        var install = tool.RunDotnetWithoutToolPath(project, "tool", "install", "--local", InstalledTool.PackageId, "--add-source", tool.PackageSource,
            "--version", tool.Version, "--configfile", Path.Combine(tool.Root, "nuget.config"));
        Assert.True(install.ExitCode == 0, install.Stdout + install.Stderr);

        File.WriteAllText(Path.Combine(project, "m.bp"), "a = 3\nb = a * a\n");
        var run = tool.RunDotnetWithoutToolPath(project, "backprop", "eval", "m.bp", "--format", "csv");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("name,value,grad,leaf\na,3,6,true\nb,9,1,false\n", run.Stdout);
    }

    [Theory]
    [InlineData("eval")]
    [InlineData("eval", "m.bp", "--bogus")]
    [InlineData("frobnicate")]
    [InlineData("eval", "m.bp", "--format", "xml")]
    [InlineData("graph", "m.bp", "--format", "svg")]
    [InlineData("eval", "m.bp", "--of")]
    [InlineData("eval", "m.bp", "--set")]
    [InlineData("eval", "m.bp", "--set", "a=1", "b=2")]
    [InlineData]
    public void Usage_errors_exit_2_with_a_message_and_no_stack_trace(params string[] arguments)
    {
        var run = tool.Run(arguments);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("dotnet backprop: error: ", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.Equal("", run.Stdout);
    }
}
