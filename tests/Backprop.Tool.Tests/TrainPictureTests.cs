namespace Backprop.Tool.Tests;

/// <summary><c>train --plot</c> and <c>train --boundary</c>: the training pictures, end to end.</summary>
[Collection(InstalledToolCollection.Name)]
public sealed class TrainPictureTests(InstalledTool tool)
{
    private string Moons => Path.Combine(tool.RepositoryRoot, "examples", "moons.csv");

    private string Output(string name) => Path.Combine(tool.Work, name);

    [Fact]
    public void Train_plot_and_boundary_write_pictures_of_the_run_that_are_not_blank()
    {
        var plot = Output("train-loss.png");
        var boundary = Output("train-boundary.png");
        var run = tool.Run("train", Moons, "--steps", "20", "--plot", plot, "--boundary", boundary);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal($"wrote {plot}\nwrote {boundary}\n", run.Stderr);
        Assert.DoesNotContain("wrote", run.Stdout);

        foreach (var path in new[] { plot, boundary })
        {
            var png = Pictures.ReadPng(path);
            Assert.Equal((800, 500), (png.Width, png.Height));
            Pictures.AssertNotBlank(png);
        }
    }

    [Fact]
    public void Train_plot_svg_names_the_loss_and_accuracy_curves()
    {
        var plot = Output("train-loss.svg");
        var run = tool.Run("train", Moons, "--steps", "5", "--plot", plot);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var texts = Pictures.Texts(Pictures.ReadSvg(plot));
        Assert.Contains("loss", texts);
        Assert.Contains("accuracy (%)", texts);
        Assert.Contains("step", texts);
    }

    [Fact]
    public void Train_boundary_svg_names_both_labels_and_the_header_columns()
    {
        var boundary = Output("train-boundary.svg");
        var run = tool.Run("train", Moons, "--steps", "5", "--boundary", boundary);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var texts = Pictures.Texts(Pictures.ReadSvg(boundary));
        Assert.Contains("label -1", texts);
        Assert.Contains("label 1", texts);
        Assert.Contains("x1", texts);
        Assert.Contains("x2", texts);
    }

    [Fact]
    public void With_json_the_pictures_are_written_and_stdout_stays_one_json_object()
    {
        var plot = Output("json-loss.png");
        var run = tool.Run("train", Moons, "--steps", "5", "--format", "json", "--plot", plot);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.StartsWith("{", run.Stdout.TrimStart());
        Assert.DoesNotContain("wrote", run.Stdout);
        Assert.Equal($"wrote {plot}\n", run.Stderr);
        Assert.True(File.Exists(plot));
    }

    [Fact]
    public void Train_boundary_refuses_data_without_two_features_before_training()
    {
        var data = tool.WriteFile("three-features.csv", "1,2,3,1\n-1,-2,-3,-1\n2,1,0,1\n-2,-1,0,-1\n");
        var boundary = Output("three.png");
        var run = tool.Run("train", data, "--boundary", boundary);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("decision regions are drawn for data with 2 features", run.Stderr);
        Assert.DoesNotContain("step 0", run.Stdout);
        Assert.False(File.Exists(boundary));
    }

    [Theory]
    [InlineData("--plot", "loss.jpg", "'.jpg' is not a picture format")]
    [InlineData("--boundary", "regions", "needs an extension")]
    public void Train_refuses_a_picture_file_it_cannot_write_before_training(string option, string file, string message)
    {
        var run = tool.Run("train", Moons, option, Output(file));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.Contains(option, run.Stderr);
        Assert.DoesNotContain("step 0", run.Stdout);
    }
}
