namespace Backprop.Tool.Tests;

/// <summary>
/// An output that cannot be what was meant is warned about: a last line that is a leaf, which
/// makes every gradient 0, and leaves the output does not depend on (in check and graph).
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class OutputWarningTests(InstalledTool tool)
{
    [Theory]
    [InlineData("eval")]
    [InlineData("check")]
    [InlineData("graph")]
    public void A_last_line_that_is_a_leaf_is_warned_about_as_the_output(string command)
    {
        var file = tool.WriteFile($"leaf-output-{command}.bp", "a = 2\nb = a * a\nunused = 5\n");
        var run = tool.Run(command, file);
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith(
            $"{file}:3:1: warning: the output 'unused' is a leaf, an input: every gradient is 0 (take the gradient of another binding with --of, or move this line up)\nunused = 5\n^\n",
            run.Stderr);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("graph")]
    public void Leaves_the_output_does_not_depend_on_are_named(string command)
    {
        var file = tool.WriteFile($"unused-leaves-{command}.bp", "a = 2\nc = 3\nd = 4\nb = a * a\n");
        var run = tool.Run(command, file);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"{file}:2:1: warning: 'b' does not depend on 2 leaves: 'c', 'd' (their gradients are 0)\nc = 3\n^\n", run.Stderr);
    }

    [Fact]
    public void Eval_prints_the_zero_gradients_of_unused_leaves_without_a_warning()
    {
        var file = tool.WriteFile("unused-leaves-eval.bp", "a = 2\nc = 3\nb = a * a\n");
        var run = tool.Run("eval", file);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
    }
}
