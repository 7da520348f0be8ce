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
