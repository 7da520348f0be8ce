using System.Text;

namespace Backprop.Tool.Tests;

/// <summary>
/// Every bad input of the issue: exit 2, nothing on stdout, no stack trace; stderr in the form
/// FILE:LINE:COL: error: … for a place in the file's text, and dotnet backprop: error: FILE: … for
/// the file as a whole or an option, with no invented position. The exact messages are golden
/// files under golden/bad-input/.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class BadInputTests(InstalledTool tool)
{
    public static TheoryData<string, string, string[]> Files => new()
    {
        { "no-expression", "a = \n", [] },
        { "dangling-operator", "a = 2 +\n", [] },
        { "no-name", "= 3\n", [] },
        { "two-names", "a b = 1\n", [] },
        { "unclosed-parenthesis", "a = 1\nb = (a + 2\n", [] },
        { "unmatched-parenthesis", "a = 1\nb = a + 2)\n", [] },
        { "number-as-name", "a = 1\n2 = a\n", [] },
        { "unknown-name", "a = 1\nb = a * q\n", [] },
        { "name-bound-later", "a = 1\nb = a * q\nq = 2\n", [] },
        { "unknown-function", "a = 1\nb = foo(a)\n", [] },
        { "wrong-argument-count", "a = 1\nb = tanh(a, a)\nc = max(a)\n", [] },
        { "bound-twice", "a = 1\nb = a * 2\n\na = 3\n", [] },
        { "empty", "", [] },
        { "whitespace-only", "  \n\n", [] },
        { "comments-only", "# a model\n\n   # nothing else\n", [] },
        { "of-naming-nothing", "a = 1\nb = a * 2\n", ["--of", "zz"] },
        { "set-naming-nothing", "a = 1\nb = a * 2\n", ["--set", "zz=1"] },
        { "set-naming-a-non-leaf", "a = 1\nb = a * 2\n", ["--set", "b=1"] },
        { "set-not-a-number", "a = 1\nb = a * 2\n", ["--set", "a=abc"] },
        { "set-without-value", "a = 1\nb = a * 2\n", ["--set", "a"] },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void A_bad_file_or_option_is_reported_at_its_place_or_for_the_whole_file_with_exit_2(string name, string text, string[] options)
    {
        var file = tool.WriteFile(name + ".bp", text);
        foreach (var command in new[] { "eval", "check", "graph" })
        {
            var run = tool.Run([command, file, .. options]);
            AssertBadInput(run, file);
            Golden.Verify(tool, Path.Combine("bad-input", name + ".txt"), run.Stderr);
        }
    }

    [Fact]
    public void A_missing_file_is_reported_without_a_position()
    {
        var run = tool.Run("eval", "missing.bp");
        AssertBadInput(run, "missing.bp");
        Assert.Equal("dotnet backprop: error: missing.bp: no such file\n", run.Stderr);
    }

    [Fact]
    public void A_directory_is_reported_without_a_position()
    {
        Directory.CreateDirectory(Path.Combine(tool.Work, "a-directory"));
        var run = tool.Run("eval", "a-directory");
        AssertBadInput(run, "a-directory");
        Assert.Equal("dotnet backprop: error: a-directory: this is a directory, not an expression file\n", run.Stderr);
    }

    [Fact]
    public void Invalid_utf8_is_reported_at_the_first_bad_byte()
    {
        var file = tool.WriteBytes("latin1.bp", [.. Encoding.ASCII.GetBytes("a = 1\nb = a # caf"), 0xE9, (byte)'\n']);
        var run = tool.Run("eval", file);
        AssertBadInput(run, file);
        Assert.StartsWith("latin1.bp:2:12: error: the file is not valid UTF-8 text", run.Stderr);
    }

    [Fact]
    public void Binary_content_is_reported()
    {
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);
        var file = tool.WriteBytes("random.bin", bytes);
        AssertBadInput(tool.Run("eval", file), file);
    }

    [Fact]
    public void An_endless_device_is_refused_after_its_first_bytes()
    {
        var run = tool.Run("eval", "/dev/zero");
        AssertBadInput(run, "/dev/zero");
        Assert.StartsWith("dotnet backprop: error: /dev/zero: the file is not text: it contains a NUL byte", run.Stderr);
    }

    [Fact]
    public void A_file_with_a_nul_byte_is_reported_as_binary()
    {
        var file = tool.WriteBytes("nul.bp", [.. Encoding.ASCII.GetBytes("a = 1\n"), 0, (byte)'\n']);
        var run = tool.Run("eval", file);
        AssertBadInput(run, file);
        Assert.StartsWith("nul.bp:2:1: error: the file is not text: it contains a NUL byte", run.Stderr);
    }

    [Fact]
    public void A_line_of_10_MB_is_refused_stating_the_limit()
    {
        var file = tool.WriteFile("long-line.bp", "a = " + string.Concat(Enumerable.Repeat("1+", 5 * 1024 * 1024)) + "1\n");
        var run = tool.Run("eval", file);
        AssertBadInput(run, file);
        Assert.StartsWith(
            "long-line.bp:1:1048577: error: line 1 is 10,485,765 characters long; the limit is 1,048,576 characters per line\n",
            run.Stderr);
        Assert.True(run.Stderr.Length < 1000, "the excerpt of the line is short");
    }

    /// <summary>Every command that reads a file, with the options it needs to get as far as reading it.</summary>
    private static readonly string[][] FileCommands =
    [
        ["eval", "FILE"],
        ["check", "FILE"],
        ["graph", "FILE"],
        ["derive", "FILE"],
        ["hessian", "FILE"],
        ["jacobian", "FILE"],
        ["plot", "FILE", "--x", "a", "--from", "0", "--to", "1", "--output", "p.svg"],
        ["optimize", "FILE", "--rate", "0.1"],
        ["train", "FILE"],
    ];

    [Fact]
    public void Every_command_reports_a_missing_or_folder_input_in_one_line_without_a_position()
    {
        Directory.CreateDirectory(Path.Combine(tool.Work, "a-folder"));
        var transcript = new StringBuilder();
        foreach (var input in new[] { "missing.bp", "a-folder" })
        {
            foreach (var command in FileCommands)
            {
                string[] arguments = [.. command.Select(a => a == "FILE" ? input : a)];
                var run = tool.Run(arguments);
                Assert.Equal(2, run.ExitCode);
                Assert.Equal("", run.Stdout);
                Assert.StartsWith($"dotnet backprop: error: {input}: ", run.Stderr);
                transcript.Append($"$ dotnet backprop {string.Join(' ', arguments)}\n{run.Stderr}");
            }
        }

        Golden.Verify(tool, Path.Combine("bad-input", "missing-or-folder-input.txt"), transcript.ToString());
    }

    private static void AssertBadInput(ToolRun run, string file)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        var name = System.Text.RegularExpressions.Regex.Escape(file);
        Assert.Matches($"^({name}:[0-9]+:[0-9]+: error: |dotnet backprop: error: {name}: )", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.DoesNotContain("Exception", run.Stderr);
    }
}
