namespace Backprop.Tool.Tests;

[Collection(InstalledToolCollection.Name)]
public sealed class GraphTests(InstalledTool tool)
{
    private string Example(string name) => Path.Combine(tool.RepositoryRoot, "examples", name);

    [Theory]
    [InlineData("dot", "graph-expression.dot")]
    [InlineData("mermaid", "graph-expression.mmd")]
    public void Graph_draws_records_and_operator_nodes_as_the_golden_file_shows(string format, string golden)
    {
        var run = tool.Run("graph", Example("expression.bp"), "--format", format);
        Assert.Equal(0, run.ExitCode);
        Golden.Verify(tool, golden, run.Stdout);
    }

    [Fact]
    public void Dot_is_the_default_format()
    {
        Assert.StartsWith("digraph \"o\" {", tool.Run("graph", Example("neuron.bp")).Stdout);
    }

    [Fact]
    public void Graph_takes_values_from_set_and_the_output_from_of()
    {
        var run = tool.Run("graph", Example("expression.bp"), "--of", "e", "--set", "a=5");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("{ e | data -15 | grad 1 }", run.Stdout);
        Assert.DoesNotContain("{ L |", run.Stdout);
    }
}
