namespace Backprop.Fluent.Tests;

/// <summary>A loss summed over many samples, and its gradient, through the computation's one tape.</summary>
public class BatchSumTests
{
    private static readonly Computation Line = Computation.Define()
        .WithInput("x").WithInput("y").WithInput("unused")
        .WithParameter("w", 0.5).WithParameter("b", 0.25)
        .WithOutput("loss", s => (s["x"] * s["w"] + s["b"] - s["y"]).Pow(2))
        .Build();

    private static IReadOnlyList<IReadOnlyList<double>> Rows(int count) =>
        Enumerable.Range(0, count).Select(i => (IReadOnlyList<double>)[Math.Sin(i), Math.Cos(i * 0.3), 7.0]).ToArray();

    [Fact]
    public void The_sum_over_samples_is_the_sum_of_single_evaluations_and_so_is_its_gradient()
    {
        var rows = Rows(1000);

        var sum = Line.SumBatch(rows);

        var singles = rows.Select(row => Line.Evaluate(new Dictionary<string, double> { ["x"] = row[0], ["y"] = row[1], ["unused"] = row[2] })).ToArray();
        Assert.Equal(1000, sum.Count);
        Assert.Equal("loss", sum.Output);
        Assert.Equal(singles.Sum(single => single.Value), sum.Total, 1e-12);
        foreach (var name in new[] { "w", "b", "x", "y" })
        {
            Assert.Equal(singles.Sum(single => single.Gradients[name]), sum.Gradients[name], 1e-12);
        }

        Assert.Equal(0.0, sum.Gradients["unused"]);
    }

    [Fact]
    public void A_sum_has_the_same_bits_on_one_and_on_two_threads()
    {
        var rows = Rows(5000);

        var one = Line.SumBatch(rows);
        var two = Line.SumBatch(rows, threads: 2);

        Assert.Equal(BitConverter.DoubleToInt64Bits(one.Total), BitConverter.DoubleToInt64Bits(two.Total));
        Assert.Equal(one.Gradients["w"], two.Gradients["w"]);
    }

    [Fact]
    public void A_sum_uses_the_computations_parameters()
    {
        var rows = Rows(10);

        var moved = Line.WithParameters(new Dictionary<string, double> { ["w"] = 2.0 }).SumBatch(rows);

        var expected = rows.Sum(row => Math.Pow(row[0] * 2.0 + 0.25 - row[1], 2));
        Assert.Equal(expected, moved.Total, 1e-12);
    }

    [Fact]
    public void A_sum_of_no_samples_is_zero()
    {
        var sum = Line.SumBatch([]);

        Assert.Equal(0, sum.Count);
        Assert.Equal(0.0, sum.Total);
        Assert.Equal(0.0, sum.Gradients["w"]);
    }

    [Fact]
    public void Bad_rows_and_thread_counts_are_refused_with_the_batchs_messages()
    {
        var shortRow = Assert.Throws<ArgumentException>(() => Line.SumBatch([(IReadOnlyList<double>)[1.0, 2.0]]));
        var nan = Assert.Throws<ArgumentException>(() => Line.SumBatch([(IReadOnlyList<double>)[1.0, double.NaN, 0.0]]));

        Assert.StartsWith("Row 0 has 2 numbers; the computation has 3 inputs: x, y, unused.", shortRow.Message, StringComparison.Ordinal);
        Assert.StartsWith("Sample 0: The value given for 'y' is NaN", nan.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Line.SumBatch(Rows(3), threads: 0));
        Assert.Throws<ArgumentNullException>(() => Line.SumBatch(null!));
    }
}
