namespace Backprop.Fluent.Tests;

/// <summary>The facade keeps the core's linear cost and its independence from depth.</summary>
public class ScaleTests
{
    [Fact]
    public void A_ten_thousand_level_sharing_DAG_has_the_value_and_gradient_of_the_recurrence()
    {
        var x = Value.Of(1e-6, "x");
        var (expected, expectedGradient) = (1e-6, 1.0);
        var y = x;
        for (var level = 0; level < 10_000; level++)
        {
            y = y * y + y;
            expectedGradient *= 2 * expected + 1;
            expected = expected * expected + expected;
        }

        var g = y.Backward();

        Assert.Equal(expected, g.Value, expected * 1e-12);
        Assert.Equal(expectedGradient, g[x], expectedGradient * 1e-9);
    }

    [Fact]
    public void A_computation_evaluated_from_many_threads_at_once_gives_each_its_own_numbers()
    {
        var square = Computation.Define().WithInput("x").WithParameter("w", 3.0).WithOutput("y", s => s["w"] * s["x"] * s["x"]).Build();
        var results = new double[64];
        var gradients = new double[64];

        Parallel.For(0, results.Length, i =>
        {
            var result = square.Evaluate(new Dictionary<string, double> { ["x"] = i });
            results[i] = result.Value;
            gradients[i] = result.Gradients["x"];
        });

        Assert.Equal(Enumerable.Range(0, 64).Select(i => 3.0 * i * i), results);
        Assert.Equal(Enumerable.Range(0, 64).Select(i => 6.0 * i), gradients);
    }
}
