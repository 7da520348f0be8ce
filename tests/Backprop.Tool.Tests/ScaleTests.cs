using System.Text;
using System.Text.Json;

namespace Backprop.Tool.Tests;

/// <summary>Inputs that are large or deep: evaluated, never a crash.</summary>
[Collection(InstalledToolCollection.Name)]
public sealed class ScaleTests(InstalledTool tool)
{
    [Fact]
    public void Parentheses_nested_100000_deep_evaluate()
    {
        const int depth = 100_000;
        var file = tool.WriteFile("deep.bp",
            "x = 2\ny = " + new string('(', depth) + "x" + new string(')', depth) + " * 3\n");
        var run = tool.Run("eval", file, "--format", "csv");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("name,value,grad,leaf\nx,2,3,true\ny,6,1,false\n", run.Stdout);
    }

    [Fact]
    public void A_file_of_1000000_bindings_evaluates()
    {
        const int count = 1_000_000;
        var text = new StringBuilder("x0 = 0.5\n");
        for (var i = 1; i < count; i++)
        {
            text.Append('x').Append(i).Append(" = x").Append(i - 1).Append(" * 1 + 0\n");
        }

        var file = tool.WriteFile("million.bp", text.ToString());
        var run = tool.Run("eval", file, "--format", "json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal("x999999", json.RootElement.GetProperty("output").GetString());
        Assert.Equal(0.5, json.RootElement.GetProperty("value").GetDouble());
        var nodes = json.RootElement.GetProperty("nodes");
        Assert.Equal(count, nodes.GetArrayLength());
        Assert.Equal(1.0, nodes[0].GetProperty("grad").GetDouble());
        File.Delete(Path.Combine(tool.Work, file));
    }
}
