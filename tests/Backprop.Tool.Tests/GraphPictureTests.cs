namespace Backprop.Tool.Tests;

/// <summary>
/// <c>graph --output</c>: pictures drawn by Graphviz, which CI installs (.ci/run); and the message
/// when Graphviz is missing, checked by running the tool with a PATH that has no <c>dot</c>.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class GraphPictureTests(InstalledTool tool)
{
    private string Example(string name) => Path.Combine(tool.RepositoryRoot, "examples", name);

    private string Output(string name) => Path.Combine(tool.Work, name);

    [Fact]
    public void Graph_output_svg_is_xml_that_names_every_binding_with_its_data_and_grad()
    {
        var path = Output("neuron-graph.svg");
        var run = tool.Run("graph", Example("neuron.bp"), "--output", path);
        Assert.True(run.ExitCode == 0, run.Stderr);

        var texts = Pictures.Texts(Pictures.ReadSvg(path));
        foreach (var binding in new[] { "x1", "x2", "w1", "w2", "b", "x1w1", "x2w2", "x1w1x2w2", "n", "o" })
        {
            Assert.Contains(binding, texts);
        }

        Assert.Contains("grad -1.5", texts);
        Assert.Contains("data 0.707107", texts);
        Assert.Contains("tanh", texts);
    }

    [Fact]
    public void Graph_output_png_is_a_picture_that_is_not_blank()
    {
        var path = Output("expression-graph.png");
        var run = tool.Run("graph", Example("expression.bp"), "--output", path);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Pictures.AssertNotBlank(Pictures.ReadPng(path));
    }

    [Fact]
    public void Without_dot_on_the_path_graph_output_says_how_to_install_graphviz_and_exits_2()
    {
        var path = Output("no-graphviz.svg");
        var run = tool.RunProgram(tool.Shim, tool.Work, [("PATH", tool.ToolPath)], "graph", Example("neuron.bp"), "--output", path);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("needs Graphviz's 'dot' program", run.Stderr);
        Assert.Contains("apt-get install graphviz", run.Stderr);
        Assert.Contains("brew install graphviz", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Without_dot_on_the_path_the_text_formats_still_work()
    {
        var run = tool.RunProgram(tool.Shim, tool.Work, [("PATH", tool.ToolPath)], "graph", Example("neuron.bp"), "--format", "mermaid");
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("flowchart LR", run.Stdout);
    }

    [Theory]
    [InlineData("graph.dot", "dot")]
    [InlineData("graph.gv", "dot")]
    [InlineData("graph.mmd", "mermaid")]
    public void Graph_output_with_a_text_extension_writes_what_standard_output_would_show(string file, string format)
    {
        var printed = tool.Run("graph", Example("expression.bp"), "--format", format);
        var run = tool.Run("graph", Example("expression.bp"), "--output", Output(file));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(printed.Stdout, File.ReadAllText(Output(file)));
        Assert.Equal("", run.Stdout);
    }

    [Theory]
    [InlineData("graph.jpg", null, "the extension chooses")]
    [InlineData("graph", null, "the extension chooses")]
    [InlineData("graph.svg", "mermaid", "--format mermaid asks for something else")]
    [InlineData("graph.mmd", "dot", "--format dot asks for something else")]
    public void Graph_output_refuses_an_unknown_extension_or_a_conflicting_format(string file, string? format, string message)
    {
        string[] arguments = format is null
            ? ["graph", Example("neuron.bp"), "--output", Output(file)]
            : ["graph", Example("neuron.bp"), "--output", Output(file), "--format", format];
        var run = tool.Run(arguments);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
    }

    [Fact]
    public void Graph_output_into_a_missing_folder_is_bad_input_with_graphviz_s_reason()
    {
        var run = tool.Run("graph", Example("neuron.bp"), "--output", Path.Combine(tool.Work, "no-such-folder", "g.svg"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no-such-folder", run.Stderr);
    }
}
