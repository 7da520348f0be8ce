namespace Backprop.Tool.Tests;

/// <summary>
/// The bash completion script of completion/ asks the installed tool (its [suggest] directive) and
/// offers commands, options and option values, for <c>dotnet-backprop</c> and <c>dotnet backprop</c>.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class CompletionTests(InstalledTool tool)
{
    private string[] Complete(string line, int word, params string[] words)
    {
        var script = Path.Combine(tool.RepositoryRoot, "completion", "dotnet-backprop.bash");
        var quoted = string.Join(" ", words.Select(w => "'" + w + "'"));
        var run = tool.RunProgram("bash", tool.Work, [("PATH", tool.ToolPath + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"))],
            "-c", $"source '{script}'; COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; COMP_WORDS=({quoted}); COMP_CWORD={word}; _dotnet_backprop_complete; printf '%s\\n' \"${{COMPREPLY[@]}}\"");
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void A_partial_command_completes_to_the_command()
    {
        Assert.Equal(["eval"], Complete("dotnet-backprop ev", 1, "dotnet-backprop", "ev"));
    }

    [Fact]
    public void A_partial_option_completes_to_the_options_it_begins()
    {
        Assert.Equal(["--fail-on-nonfinite", "--format"], Complete("dotnet-backprop eval --f", 2, "dotnet-backprop", "eval", "--f"));
    }

    [Fact]
    public void An_options_values_are_offered_after_it()
    {
        Assert.Equal(["csv", "json", "markdown", "table"], Complete("dotnet-backprop eval --format ", 3, "dotnet-backprop", "eval", "--format", ""));
    }

    [Fact]
    public void Completion_works_after_dotnet_backprop_too()
    {
        Assert.Equal(["train"], Complete("dotnet backprop tra", 2, "dotnet", "backprop", "tra"));
    }
}
