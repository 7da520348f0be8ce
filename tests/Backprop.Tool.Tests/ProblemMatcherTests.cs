using System.Text.Json;
using System.Text.RegularExpressions;

namespace Backprop.Tool.Tests;

/// <summary>
/// The GitHub problem matcher of docs/ci.md, .github/backprop-matcher.json, turns every
/// <c>FILE:LINE:COL: error:</c> and <c>warning:</c> line the tool writes into an annotation, and
/// nothing else: not the source line, the caret, a note or a file-level error.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class ProblemMatcherTests(InstalledTool tool)
{
    private Regex Matcher()
    {
        using var matcher = JsonDocument.Parse(File.ReadAllText(Path.Combine(tool.RepositoryRoot, ".github", "backprop-matcher.json")));
        var pattern = matcher.RootElement.GetProperty("problemMatcher")[0].GetProperty("pattern")[0];
        Assert.Equal(1, pattern.GetProperty("file").GetInt32());
        Assert.Equal(5, pattern.GetProperty("message").GetInt32());
        return new Regex(pattern.GetProperty("regexp").GetString()!, RegexOptions.CultureInvariant);
    }

    public static TheoryData<string> GoldenErrors()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Backprop.Functional.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("the tests must run inside a clone of the repository");
        }

        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(root.FullName, "tests", "Backprop.Tool.Tests", "golden", "bad-input"), "*.txt").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GoldenErrors))]
    public void Every_located_error_of_a_golden_file_is_one_annotation_with_its_file_line_and_column(string golden)
    {
        var regex = Matcher();
        var lines = File.ReadAllLines(Path.Combine(tool.RepositoryRoot, "tests", "Backprop.Tool.Tests", "golden", "bad-input", golden));
        var located = new Regex(@"^[^:\s][^:]*:\d+:\d+: (error|warning): ");
        foreach (var line in lines)
        {
            var match = regex.Match(line);
            if (located.IsMatch(line))
            {
                Assert.True(match.Success, $"{golden}: not annotated: {line}");
                Assert.EndsWith(".bp", match.Groups[1].Value);
                Assert.True(int.Parse(match.Groups[2].Value) >= 1 && int.Parse(match.Groups[3].Value) >= 1, line);
                Assert.False(string.IsNullOrWhiteSpace(match.Groups[5].Value), line);
            }
            else
            {
                Assert.False(match.Success, $"{golden}: annotated, but it is not a located error: {line}");
            }
        }

    }

    [Fact]
    public void An_error_about_a_whole_file_or_an_option_is_not_an_annotation()
    {
        var run = tool.Run("eval", "nosuch.bp");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("dotnet backprop: error: nosuch.bp", run.Stderr);
        Assert.False(Matcher().IsMatch(run.Stderr.Split('\n')[0]), run.Stderr);
    }

    [Fact]
    public void The_tools_own_error_in_a_nested_folder_is_annotated_with_its_path_and_message()
    {
        Directory.CreateDirectory(Path.Combine(tool.Work, "models", "v1"));
        tool.WriteFile(Path.Combine("models", "v1", "broken.bp"), "a = 2\nb = a +\n");
        var run = tool.Run("eval", "models/v1/broken.bp");
        Assert.Equal(2, run.ExitCode);
        var match = Matcher().Match(run.Stderr.Split('\n')[0]);
        Assert.True(match.Success, run.Stderr);
        Assert.Equal("models/v1/broken.bp", match.Groups[1].Value);
        Assert.Equal("2", match.Groups[2].Value);
        Assert.Equal("error", match.Groups[4].Value);
    }

    [Fact]
    public void A_coloured_diagnostic_is_annotated_without_its_colour_codes()
    {
        tool.WriteFile("coloured.bp", "a = 2\nb = a +\n");
        var run = tool.Run("eval", "coloured.bp", "--color", "always");
        var first = run.Stderr.Split('\n')[0];
        Assert.Contains("\u001b[", first);
        var match = Matcher().Match(first);
        Assert.True(match.Success, first);
        Assert.Equal("coloured.bp", match.Groups[1].Value);
        Assert.DoesNotContain('\u001b', match.Groups[5].Value);
    }

    [Fact]
    public void A_warning_is_annotated_as_a_warning()
    {
        tool.WriteFile("leaf-output.bp", "a = 2\nb = a * a\nunused = 5\n");
        var run = tool.Run("eval", "leaf-output.bp");
        var match = Matcher().Match(run.Stderr.Split('\n')[0]);
        Assert.True(match.Success, run.Stderr);
        Assert.Equal("warning", match.Groups[4].Value);
    }
}
