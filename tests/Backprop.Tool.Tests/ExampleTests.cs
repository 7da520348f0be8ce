using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Backprop.Tool.Tests;

/// <summary>
/// Runs every examples/*.bp through the installed tool and compares the numbers with the
/// file's own <c># expect: NAME value V grad G</c> comments (and <c># tolerance: T</c>, default 1e-12).
/// NAME may be an element of a vector or matrix, <c>w[0]</c> or <c>W[1,0]</c>.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed partial class ExampleTests(InstalledTool tool)
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Backprop.Functional.sln")))
            {
                foreach (var file in Directory.GetFiles(Path.Combine(dir.FullName, "examples"), "*.bp").Order())
                {
                    data.Add(Path.GetFileName(file));
                }

                return data;
            }
        }

        throw new InvalidOperationException("the tests must run inside a clone of the repository");
    }

    [GeneratedRegex(@"^#\s*expect:\s*(?<name>\w+)(\[(?<index>[0-9, ]+)\])?((\s+value\s+(?<value>\S+))|(\s+grad\s+(?<grad>\S+)))+\s*$")]
    private static partial Regex Expectation();

    [GeneratedRegex(@"^#\s*tolerance:\s*(?<tolerance>\S+)\s*$")]
    private static partial Regex ToleranceLine();

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_evaluates_to_the_numbers_in_its_comments(string example)
    {
        var path = Path.Combine(tool.RepositoryRoot, "examples", example);
        var lines = File.ReadAllLines(path);
        var tolerance = lines.Select(l => ToleranceLine().Match(l)).Where(m => m.Success)
            .Select(m => double.Parse(m.Groups["tolerance"].Value, CultureInfo.InvariantCulture))
            .DefaultIfEmpty(1e-12).Single();
        var expectations = lines.Select(l => Expectation().Match(l)).Where(m => m.Success).ToList();
        Assert.NotEmpty(expectations);

        var run = tool.Run("eval", path, "--format", "json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var nodes = json.RootElement.GetProperty("nodes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("name").GetString()!);

        foreach (var expectation in expectations)
        {
            var name = expectation.Groups["name"].Value;
            Assert.True(nodes.ContainsKey(name), $"{example}: no binding {name}");
            var element = ElementIndex(nodes[name], expectation.Groups["index"]);
            var label = expectation.Groups["index"].Success ? $"{name}[{expectation.Groups["index"].Value}]" : name;
            AssertClose(example, label, "value", expectation.Groups["value"], nodes[name], element, tolerance);
            AssertClose(example, label, "grad", expectation.Groups["grad"], nodes[name], element, tolerance);
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_passes_the_gradient_check(string example)
    {
        var run = tool.Run("check", Path.Combine(tool.RepositoryRoot, "examples", example));
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
    }

    /// <summary>The row-major place of w[i] or W[i,j] in a node's arrays; null for a scalar.</summary>
    private static int? ElementIndex(JsonElement node, Group index)
    {
        if (!index.Success)
        {
            return null;
        }

        var indices = index.Value.Split(',').Select(i => int.Parse(i.Trim(), CultureInfo.InvariantCulture)).ToArray();
        var shape = node.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
        Assert.Equal(shape.Length, indices.Length);
        return indices.Zip(shape).Aggregate(0, (flat, pair) => flat * pair.Second + pair.First);
    }

    private static void AssertClose(string example, string name, string property, Group expected, JsonElement node,
        int? element, double tolerance)
    {
        if (!expected.Success)
        {
            return;
        }

        var want = double.Parse(expected.Value, CultureInfo.InvariantCulture);
        var value = node.GetProperty(property);
        var got = element is { } k ? value[k].GetDouble() : value.GetDouble();
        Assert.True(Math.Abs(got - want) <= tolerance * Math.Max(1.0, Math.Abs(want)),
            $"{example}: {property} of {name} is {got.ToString("R", CultureInfo.InvariantCulture)}, expected {expected.Value}");
    }
}
