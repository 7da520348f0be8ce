namespace Backprop.Tool.Tests;

/// <summary>
/// Diagnostics are coloured as gcc colours them with --color always (on a terminal by default);
/// piped output stays plain unless asked, and --color never wins over a terminal.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class ColourTests(InstalledTool tool)
{
    private const string Escape = "\u001b[";

    [Fact]
    public void Color_always_colours_the_place_the_severity_and_the_caret_of_a_diagnostic()
    {
        var file = tool.WriteFile("typo-colour.bp", "b = 1\nc = bb * 2\n");
        var run = tool.Run("eval", file, "--color", "always");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            $"{Escape}1m{file}:2:5:{Escape}0m {Escape}1;31merror{Escape}0m: unknown name 'bb'; did you mean 'b'?\nc = bb * 2\n    {Escape}1;32m^{Escape}0m\n",
            run.Stderr);
    }

    [Fact]
    public void Piped_diagnostics_and_tables_are_plain_by_default_and_with_color_never()
    {
        var file = tool.WriteFile("typo-plain.bp", "b = 1\nc = bb * 2\n");
        Assert.DoesNotContain(Escape, tool.Run("eval", file).Stderr);
        Assert.DoesNotContain(Escape, tool.Run("eval", file, "--color", "never").Stderr);
        var neuron = Path.Combine(tool.RepositoryRoot, "examples", "neuron.bp");
        Assert.DoesNotContain(Escape, tool.Run("eval", neuron).Stdout);
        Assert.Contains(Escape, tool.Run("eval", neuron, "--color", "always").Stdout);
    }

    [Fact]
    public void Color_takes_only_auto_always_or_never()
    {
        var run = tool.Run("eval", "x.bp", "--color", "sometimes");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("sometimes", run.Stderr);
    }
}
