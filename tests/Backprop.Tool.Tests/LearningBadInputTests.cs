using System.Text;

namespace Backprop.Tool.Tests;

/// <summary>
/// Every bad input of optimize, train and data: a clear message on stderr (FILE:LINE:COL with the
/// line and a caret where the data has a place, else one line), exit 2, no stack trace.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class LearningBadInputTests(InstalledTool tool)
{
    public static TheoryData<string, string, string> CsvFiles => new()
    {
        { "empty.csv", "", "dotnet backprop: error: empty.csv: The file has no data rows.\n" },
        { "header-only.csv", "x1,x2,label\n", "dotnet backprop: error: header-only.csv: The file has a header but no data rows.\n" },
        { "ragged.csv", "x1,x2,label\n1,2,1\n3,4\n", "ragged.csv:3:4: error: This row has 2 cells; the header has 3.\n3,4\n   ^\n" },
        { "non-numeric.csv", "1,2,1\n3,abc,-1\n", "non-numeric.csv:2:3: error: 'abc' is not a number.\n3,abc,-1\n  ^\n" },
        { "bad-label.csv", "1,2,1\n3,4,2\n", "bad-label.csv:2:5: error: The label '2' must be -1 or 1 (or 0 or 1).\n3,4,2\n    ^\n" },
        { "one-class.csv", "1,2,1\n3,4,1\n", "dotnet backprop: error: one-class.csv: Every row has the label 1; a classifier needs samples of both classes.\n" },
    };

    [Theory]
    [MemberData(nameof(CsvFiles))]
    public void Bad_training_data_is_reported_at_its_line_and_column_or_for_the_whole_file(string name, string text, string message)
    {
        var file = tool.WriteFile(name, text);
        var run = tool.Run("train", file);

        AssertBadInput(run);
        Assert.Equal(message, run.Stderr);
    }

    [Fact]
    public void Mixed_label_conventions_point_at_the_first_label_that_mixes_them()
    {
        var file = tool.WriteFile("mixed.csv", "1,2,-1\n3,4,1\n5,6,0\n");
        var run = tool.Run("train", file);

        AssertBadInput(run);
        Assert.StartsWith("mixed.csv:3:5: error: ", run.Stderr);
        Assert.EndsWith("5,6,0\n    ^\n", run.Stderr);
    }

    [Fact]
    public void A_missing_data_file_is_reported_as_a_missing_expression_file_is()
    {
        var run = tool.Run("train", "missing.csv");

        AssertBadInput(run);
        Assert.Equal("dotnet backprop: error: missing.csv: no such file\n", run.Stderr);
        Assert.Equal("dotnet backprop: error: missing.bp: no such file\n", tool.Run("eval", "missing.bp").Stderr);
    }

    [Fact]
    public void A_directory_given_as_data_is_reported_as_a_directory_given_as_an_expression_file_is()
    {
        Directory.CreateDirectory(Path.Combine(tool.Work, "a-folder"));
        var run = tool.Run("train", "a-folder");

        AssertBadInput(run);
        Assert.Equal("dotnet backprop: error: a-folder: this is a directory, not a CSV file\n", run.Stderr);
        Assert.Equal("dotnet backprop: error: a-folder: this is a directory, not an expression file\n", tool.Run("eval", "a-folder").Stderr);
    }

    [Fact]
    public void Data_over_the_size_limit_is_refused_as_an_expression_file_over_its_limit_is()
    {
        // Sparse files where the file system allows: the tool refuses them by their length, unread.
        var csv = Path.Combine(tool.Work, "huge.csv");
        var bp = Path.Combine(tool.Work, "huge.bp");
        try
        {
            using (var stream = File.Create(csv))
                stream.SetLength(256L * 1024 * 1024 + 1);
            using (var stream = File.Create(bp))
                stream.SetLength(512L * 1024 * 1024 + 1);

            var run = tool.Run("train", "huge.csv");

            AssertBadInput(run);
            Assert.Equal("dotnet backprop: error: huge.csv: the input is larger than the limit of 268,435,456 bytes\n", run.Stderr);
            Assert.Equal("dotnet backprop: error: huge.bp: the input is larger than the limit of 536,870,912 bytes\n", tool.Run("eval", "huge.bp").Stderr);
        }
        finally
        {
            File.Delete(csv);
            File.Delete(bp);
        }
    }

    [Fact]
    public void A_data_error_after_a_byte_order_mark_shows_its_line_and_a_caret_under_the_cell()
    {
        // The line comes with the library's diagnostic, without the mark: the tool reads the file once.
        var file = tool.WriteFile("bom.csv", "\uFEFF1,abc,1\r\n3,4,-1\r\n");
        var run = tool.Run("train", file);

        AssertBadInput(run);
        Assert.Equal("bom.csv:1:3: error: 'abc' is not a number.\n1,abc,1\n  ^\n", run.Stderr);
    }

    [Fact]
    public void Binary_data_is_reported_not_crashed_on()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        var run = tool.Run("train", tool.WriteBytes("random.csv", bytes));

        AssertBadInput(run);
        Assert.StartsWith("random.csv:", run.Stderr);
    }

    [Fact]
    public void Bad_data_on_standard_input_is_named_stdin()
    {
        var run = tool.RunWithInput("1,2,1\n3,x,-1\n", "train", "-");

        AssertBadInput(run);
        Assert.Equal("<stdin>:2:3: error: 'x' is not a number.\n3,x,-1\n  ^\n", run.Stderr);
    }

    public static TheoryData<string[], string> UsageErrors => new()
    {
        { ["train", "moons.csv", "--layers", "16,,16"], "--layers '16,,16': an empty size; expected hidden layer sizes separated by commas, such as 16,16 (or none)" },
        { ["train", "moons.csv", "--layers", "16,x"], "--layers '16,x': 'x' is not a whole number of 1 or more; expected hidden layer sizes separated by commas, such as 16,16 (or none)" },
        { ["train", "moons.csv", "--layers", "0"], "--layers '0': '0' is not a whole number of 1 or more; expected hidden layer sizes separated by commas, such as 16,16 (or none)" },
        { ["train", "moons.csv", "--layers", "-4"], "--layers '-4': '-4' is not a whole number of 1 or more; expected hidden layer sizes separated by commas, such as 16,16 (or none)" },
        { ["train", "moons.csv", "--layers", "99999999999"], "--layers '99999999999': '99999999999' is not a whole number of 1 or more; expected hidden layer sizes separated by commas, such as 16,16 (or none)" },
        { ["train", "moons.csv", "--lr", "0"], "--lr must be a positive number, got '0'." },
        { ["train", "moons.csv", "--lr", "-0.5"], "--lr must be a positive number, got '-0.5'." },
        { ["train", "moons.csv", "--lr", "NaN"], "--lr must be a positive number, got 'NaN'." },
        { ["train", "moons.csv", "--steps", "0"], "--steps must be a whole number, 1 or more, got '0'." },
        { ["train", "moons.csv", "--steps", "-3"], "--steps must be a whole number, 1 or more, got '-3'." },
        { ["train", "moons.csv", "--l2", "-1"], "--l2 must be a number, 0 or more, got '-1'." },
        { ["optimize", "p.bp", "--rate", "0"], "--rate must be a positive number, got '0'." },
        { ["optimize", "p.bp", "--rate", "-1"], "--rate must be a positive number, got '-1'." },
        { ["optimize", "p.bp", "--rate", "0.1", "--steps", "0"], "--steps must be a whole number, 1 or more, got '0'." },
        { ["optimize", "p.bp", "--rate", "0.1", "--until", "nan"], "--until must be a number, got 'nan'." },
        { ["optimize", "p.bp", "--rate", "0.1", "--params", "w0,,w1"], "--params 'w0,,w1': expected leaf names separated by commas, such as a,b or w,W[1,0]" },
        { ["optimize", "p.bp"], "Option '--rate' is required." },
        { ["data", "moons", "--noise", "-1"], "--noise must be a number, 0 or more, got '-1'." },
        { ["data", "moons", "--n", "0"], "--n must be a whole number, 1 or more, got '0'." },
    };

    [Theory]
    [MemberData(nameof(UsageErrors))]
    public void Bad_options_are_usage_errors_naming_the_option(string[] arguments, string message)
    {
        var run = tool.Run(arguments);

        AssertBadInput(run);
        Assert.StartsWith($"dotnet backprop: error: {message}\n", run.Stderr);
    }

    [Theory]
    [InlineData(new[] { "train", "MOONS", "--layers", "100000,100000" }, "The network would have 10000500001 parameters; at most 1000000 are supported.")]
    [InlineData(new[] { "train", "MOONS", "--save", "no-such-folder/model.json" }, "--save no-such-folder/model.json: cannot write the file: the folder 'no-such-folder' does not exist")]
    [InlineData(new[] { "train", "MOONS", "--boundary", "no-such-folder/regions.png" }, "--boundary no-such-folder/regions.png: cannot write the file: the folder 'no-such-folder' does not exist")]
    [InlineData(new[] { "train", "MOONS", "--loss", "bce", "--output", "sigmoid" }, "Binary cross-entropy takes the output as a logit; use a linear output, not a sigmoid.")]
    [InlineData(new[] { "data", "moons", "--n", "1" }, "Two moons need at least 2 samples, one per class, not 1.")]
    [InlineData(new[] { "data", "moons", "--n", "2000000" }, "At most 1000000 samples can be generated, not 2000000.")]
    public void Options_the_library_refuses_are_one_line_errors(string[] arguments, string message)
    {
        var run = tool.Run([.. arguments.Select(a => a == "MOONS" ? Path.Combine(tool.RepositoryRoot, "examples", "moons.csv") : a)]);

        AssertBadInput(run);
        Assert.Equal($"dotnet backprop: error: {message}\n", run.Stderr);
    }

    [Fact]
    public void A_loss_that_becomes_NaN_stops_training_and_names_the_step()
    {
        var moons = Path.Combine(tool.RepositoryRoot, "examples", "moons.csv");
        var run = tool.Run("train", moons, "--loss", "mse", "--lr", "1e300", "--format", "json");

        AssertBadInput(run);
        Assert.Equal("dotnet backprop: error: The loss became NaN at step 1; training stopped. Try a smaller learning rate.\n", run.Stderr);
    }

    [Fact]
    public void A_value_that_becomes_NaN_stops_optimize_and_names_the_step()
    {
        var run = tool.RunIn(tool.RepositoryRoot, null, "optimize", "examples/perceptron.bp", "--rate", "10", "--format", "json");

        AssertBadInput(run);
        Assert.Equal(
            "examples/perceptron.bp:16:1: error: The value became NaN after 5 steps. Try a smaller --rate.\nloss = (out - 0.12) ** 2\n^\n",
            run.Stderr);
    }

    [Theory]
    [InlineData("zz", "dotnet backprop: error: p.bp: --params zz: the file binds no 'zz'; did you mean 'z'?\n")]
    [InlineData("out", "p.bp:3:1: error: --params out: 'out' is not a leaf (its value is computed); only a binding of numbers, NAME = NUMBER or NAME = [NUMBERS], can be optimised\nout = w * x\n^\n")]
    [InlineData("u", "p.bp:4:1: error: --params u: 'out' does not depend on 'u'\nu = 5\n^\n")]
    public void Params_must_name_leaves_the_output_depends_on(string name, string message)
    {
        var file = tool.WriteFile("p.bp", "w = 2\nx = 3\nout = w * x\nu = 5\nz = out\n");
        var run = tool.Run("optimize", file, "--rate", "0.1", "--of", "out", "--params", name);

        AssertBadInput(run);
        Assert.Equal(message, run.Stderr);
    }

    [Fact]
    public void Params_naming_an_element_a_vector_or_matrix_does_not_have_is_reported_at_the_leaf()
    {
        var file = tool.WriteFile("matrix.bp", "W = [[1, 2], [3, 4]]\nx = [1, 1]\ny = sum(W @ x)\n");
        var run = tool.Run("optimize", file, "--rate", "0.1", "--params", "W[2,0]");

        AssertBadInput(run);
        Assert.Equal("matrix.bp:1:1: error: --params W[2,0]: 'W' has no element W[2,0]; its elements are W[0,0] to W[1,1]\nW = [[1, 2], [3, 4]]\n^\n",
            run.Stderr);
    }

    [Fact]
    public void An_output_that_depends_on_no_leaf_has_nothing_to_optimise()
    {
        var file = tool.WriteFile("constant.bp", "a = 1\nb = 2 * 3\n");
        var run = tool.Run("optimize", file, "--rate", "0.1");

        AssertBadInput(run);
        Assert.StartsWith("constant.bp:2:1: error: 'b' depends on no leaf, so there is nothing to optimise", run.Stderr);
    }

    [Fact]
    public void A_bad_expression_file_is_reported_as_eval_reports_it()
    {
        var file = tool.WriteFile("broken.bp", "a = 1\nb = a +\n");
        var run = tool.Run("optimize", file, "--rate", "0.1");

        AssertBadInput(run);
        Assert.Equal(tool.Run("eval", file).Stderr, run.Stderr);
    }

    private static void AssertBadInput(ToolRun run)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.DoesNotContain("Exception", run.Stderr);
    }
}
