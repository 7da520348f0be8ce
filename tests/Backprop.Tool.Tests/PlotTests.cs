namespace Backprop.Tool.Tests;

/// <summary><c>plot</c>: outputs and their derivatives against one leaf, as PNG or SVG.</summary>
[Collection(InstalledToolCollection.Name)]
public sealed class PlotTests(InstalledTool tool)
{
    private string Example(string name) => Path.Combine(tool.RepositoryRoot, "examples", name);

    private string Output(string name) => Path.Combine(tool.Work, name);

    [Theory]
    [InlineData(800, 500)]
    [InlineData(321, 234)]
    public void Plot_png_has_the_requested_size_and_is_not_blank(int width, int height)
    {
        var path = Output($"quadratic-{width}x{height}.png");
        var run = tool.Run("plot", Example("quadratic.bp"), "--x", "x", "--from", "-5", "--to", "5",
            "--width", width.ToString(), "--height", height.ToString(), "--output", path);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stdout);

        var png = Pictures.ReadPng(path);
        Assert.Equal((width, height), (png.Width, png.Height));
        Pictures.AssertNotBlank(png);
    }

    [Fact]
    public void Plot_svg_parses_as_xml_with_the_default_size_and_names_every_curve_and_derivative()
    {
        var path = Output("activations.svg");
        var run = tool.Run("plot", Example("activations.bp"), "--x", "x", "--from", "-4", "--to", "4",
            "--of", "tanh_x", "--of", "sigmoid_x", "--of", "relu_x", "--output", path);
        Assert.True(run.ExitCode == 0, run.Stderr);

        var svg = Pictures.ReadSvg(path);
        Assert.Equal("800", svg.Root!.Attribute("width")?.Value);
        Assert.Equal("500", svg.Root!.Attribute("height")?.Value);
        var texts = Pictures.Texts(svg);
        foreach (var name in new[] { "tanh_x", "dtanh_x/dx", "sigmoid_x", "dsigmoid_x/dx", "relu_x", "drelu_x/dx", "x = 0.5" })
        {
            Assert.Contains(name, texts);
        }
    }

    [Fact]
    public void Plot_draws_the_last_binding_when_no_of_is_given()
    {
        var path = Output("default-output.svg");
        var run = tool.Run("plot", Example("activations.bp"), "--x", "x", "--from", "-1", "--to", "1", "--output", path);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var texts = Pictures.Texts(Pictures.ReadSvg(path));
        Assert.Contains("drelu_x/dx", texts);
        Assert.DoesNotContain("tanh_x", texts);
    }

    [Fact]
    public void The_marked_point_follows_set()
    {
        var at3 = Output("at-3.png");
        var at1 = Output("at-1.png");
        Assert.Equal(0, tool.Run("plot", Example("quadratic.bp"), "--x", "x", "--from", "-5", "--to", "5", "--output", at3).ExitCode);
        Assert.Equal(0, tool.Run("plot", Example("quadratic.bp"), "--x", "x", "--from", "-5", "--to", "5", "--set", "x=1",
            "--output", at1).ExitCode);
        Assert.NotEqual(File.ReadAllBytes(at3), File.ReadAllBytes(at1));
    }

    [Fact]
    public void Plot_draws_against_one_element_of_a_vector_and_refuses_the_whole_vector()
    {
        var path = Output("element.png");
        var run = tool.Run("plot", Example("dot-product-gate.bp"), "--x", "w[0]", "--from", "-1", "--to", "1", "--output", path);
        Assert.Equal(0, run.ExitCode);
        Pictures.AssertNotBlank(Pictures.ReadPng(path));

        var whole = tool.Run("plot", Example("dot-product-gate.bp"), "--x", "w", "--from", "-1", "--to", "1", "--output", Output("whole.png"));
        Assert.Equal(2, whole.ExitCode);
        Assert.Contains("--x w: 'w' is a vector of 2 elements, and the horizontal axis is one number: name one element, such as --x w[0]", whole.Stderr);
        Assert.DoesNotContain("internal error", whole.Stderr);
    }

    [Fact]
    public void Plot_warns_about_samples_that_are_not_finite_and_still_draws_the_rest()
    {
        var file = tool.WriteFile("log.bp", "x = 0.5\ny = log(x)\n");
        var path = Output("log.png");
        var run = tool.Run("plot", file, "--x", "x", "--from", "-1", "--to", "1", "--output", path);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning: 'y' or its derivative is not finite", run.Stderr);
        Pictures.AssertNotBlank(Pictures.ReadPng(path));
    }

    [Theory]
    [InlineData("the file binds no 'nope'", "--x", "nope", "--from", "0", "--to", "1")]
    [InlineData("'f' is not a leaf", "--x", "f", "--from", "0", "--to", "1")]
    [InlineData("--from must be less than --to", "--x", "x", "--from", "1", "--to", "1")]
    [InlineData("--points 1: the number of samples must be between 2", "--x", "x", "--from", "0", "--to", "1", "--points", "1")]
    [InlineData("--of zz: the file binds no 'zz'", "--x", "x", "--from", "0", "--to", "1", "--of", "zz")]
    [InlineData("--width 5: the size must be between", "--x", "x", "--from", "0", "--to", "1", "--width", "5")]
    [InlineData("Option '--x' is required", "--from", "0", "--to", "1")]
    [InlineData("--from a: 'a' is not a number.", "--x", "x", "--from", "a", "--to", "1")]
    public void Plot_rejects_bad_options_with_a_message_and_exit_2(string message, params string[] options)
    {
        var path = Output("rejected.png");
        var run = tool.Run(["plot", Example("quadratic.bp"), .. options, "--output", path]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("f.jpg", "'.jpg' is not a picture format")]
    [InlineData("f", "needs an extension")]
    [InlineData("no-such-folder/f.png", "cannot write the file")]
    public void Plot_refuses_an_output_it_cannot_write(string file, string message)
    {
        var run = tool.Run("plot", Example("quadratic.bp"), "--x", "x", "--from", "0", "--to", "1", "--output", Output(file));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
    }
}
