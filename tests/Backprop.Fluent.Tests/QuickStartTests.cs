using System.Globalization;
using System.Reflection;

namespace Backprop.Fluent.Tests;

/// <summary>The C# quick start, run as a newcomer runs it; it replaces the console, so it runs alone.</summary>
[CollectionDefinition(nameof(QuickStartTests), DisableParallelization = true)]
[Collection(nameof(QuickStartTests))]
public class QuickStartTests
{
    [Fact]
    public void The_quick_start_prints_the_notebooks_gradients_a_passing_check_and_a_fitted_moons_model()
    {
        var entryPoint = Assembly.Load("CSharpQuickStart").EntryPoint!;
        var (original, originalCulture) = (Console.Out, CultureInfo.CurrentCulture);
        using var output = new StringWriter();
        object? exitCode;
        try
        {
            Console.SetOut(output);
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            exitCode = entryPoint.Invoke(null, [Array.Empty<string>()]);
        }
        finally
        {
            Console.SetOut(original);
            CultureInfo.CurrentCulture = originalCulture;
        }

        var text = output.ToString();
        Assert.Equal(0, exitCode);
        Assert.Contains("dL/da = 6, dL/db = -4, dL/dc = -2, dL/df = 4", text, StringComparison.Ordinal);
        Assert.Contains("after one ascent step: L = -7.286496", text, StringComparison.Ordinal);
        Assert.Contains("gradient check passed", text, StringComparison.Ordinal);
        Assert.Contains("batch outputs: 0.707107, ", text, StringComparison.Ordinal);
        Assert.Contains("sigmoid(w·x) = 0.982014, dw = [-0.017663, -0.035325]", text, StringComparison.Ordinal);
        Assert.Contains("training accuracy 100%", text, StringComparison.Ordinal);
        Assert.Contains("the loaded model predicts identically", text, StringComparison.Ordinal);
    }
}
