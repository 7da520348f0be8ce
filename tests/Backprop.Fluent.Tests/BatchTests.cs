namespace Backprop.Fluent.Tests;

/// <summary>Many samples evaluated at once through a computation's one compiled tape.</summary>
public class BatchTests
{
    private static readonly Computation Neuron = Computation.Define()
        .WithInput("x1").WithInput("x2")
        .WithParameter("w1", -3.0).WithParameter("w2", 1.0).WithParameter("b", 6.8813735870195432)
        .WithOutput("o", s => (s["x1"] * s["w1"] + s["x2"] * s["w2"] + s["b"]).Tanh())
        .Build();

    private static IReadOnlyDictionary<string, double> Sample(double x1, double x2) =>
        new Dictionary<string, double> { ["x1"] = x1, ["x2"] = x2 };

    private static IReadOnlyList<IReadOnlyDictionary<string, double>> ManySamples(int count) =>
        Enumerable.Range(0, count).Select(i => Sample(Math.Sin(i) * 3, Math.Cos(i * 0.7) * 2)).ToArray();

    [Fact]
    public void Every_sample_of_a_batch_has_the_value_and_gradients_of_a_single_evaluation_within_the_batch_tanh_bound()
    {
        var samples = ManySamples(300);

        var batch = Neuron.EvaluateBatch(samples);

        Assert.Equal(300, batch.Count);
        for (var i = 0; i < samples.Count; i++)
        {
            var single = Neuron.Evaluate(samples[i]);
            Assert.Equal(single.Value, batch.Values[i], Precision.BatchTanh);
            foreach (var name in new[] { "x1", "x2", "w1", "w2", "b" })
            {
                Assert.Equal(single.Gradients[name], batch.Gradients[i][name], Precision.BatchTanh);
            }
        }
    }

    [Fact]
    public void The_notebooks_neuron_in_a_batch_has_the_notebooks_gradients()
    {
        var batch = Neuron.EvaluateBatch([Sample(2.0, 0.0), Sample(2.0, 0.0)]);

        Assert.Equal(0.7071067811865477, batch.Values[1], Precision.Exact);
        Assert.Equal(-1.5, batch.Gradients[1]["x1"], Precision.Exact);
        Assert.Equal(1.0, batch.Gradients[1]["w1"], Precision.Exact);
        Assert.All(batch.GradientsOf("b"), gradient => Assert.Equal(0.5, gradient, Precision.Exact));
    }

    [Fact]
    public void Rows_in_the_order_of_the_inputs_give_the_same_batch_as_named_samples()
    {
        var samples = ManySamples(70);
        var rows = samples.Select(sample => (IReadOnlyList<double>)new[] { sample["x1"], sample["x2"] }).ToArray();

        var byName = Neuron.EvaluateBatch(samples);
        var byRow = Neuron.EvaluateBatch(rows);

        Assert.Equal(byName.Values, byRow.Values);
        Assert.Equal(byName.GradientsOf("w1"), byRow.GradientsOf("w1"));
    }

    [Fact]
    public void A_samples_gradients_list_every_input_and_parameter_and_give_zero_to_unused_ones()
    {
        var computation = Computation.Define().WithInput("x").WithInput("unused").WithParameter("w", 2.0)
            .WithOutput("y", s => s["x"] * s["w"]).Build();

        var batch = computation.EvaluateBatch([new Dictionary<string, double> { ["x"] = 3.0, ["unused"] = 1.0 }]);

        Assert.Equal(["x", "unused", "w"], batch.Gradients[0].Keys);
        Assert.Equal(0.0, batch.Gradients[0]["unused"]);
        Assert.Equal(3.0, batch.Gradients[0]["w"]);
        Assert.Equal([0.0], batch.GradientsOf("unused"));
    }

    [Fact]
    public void A_sample_may_override_a_parameter_for_itself_only()
    {
        var overridden = new Dictionary<string, double> { ["x1"] = 2.0, ["x2"] = 0.0, ["w1"] = 0.0 };

        var batch = Neuron.EvaluateBatch([Sample(2.0, 0.0), overridden]);

        Assert.Equal(Neuron.Evaluate(Sample(2.0, 0.0)).Value, batch.Values[0], Precision.BatchTanh);
        Assert.Equal(Neuron.Evaluate(overridden).Value, batch.Values[1], Precision.BatchTanh);
        Assert.NotEqual(batch.Values[0], batch.Values[1]);
    }

    [Fact]
    public void An_empty_batch_has_no_values()
    {
        var batch = Neuron.EvaluateBatch(Array.Empty<IReadOnlyDictionary<string, double>>());

        Assert.Equal(0, batch.Count);
        Assert.Empty(batch.GradientsOf("w1"));
    }

    [Fact]
    public void A_sample_without_an_input_is_named_by_its_index()
    {
        var samples = new[] { Sample(1, 2), Sample(3, 4), new Dictionary<string, double> { ["x1"] = 1.0 } };

        var error = Assert.Throws<ArgumentException>(() => Neuron.EvaluateBatch(samples));

        Assert.StartsWith("Sample 2: The input 'x2' has no value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sample_holding_NaN_is_named_by_its_index()
    {
        var error = Assert.Throws<ArgumentException>(() => Neuron.EvaluateBatch([Sample(1, 2), Sample(double.NaN, 0)]));

        Assert.StartsWith("Sample 1: The value given for 'x1' is NaN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_of_the_wrong_length_says_how_many_numbers_it_needs()
    {
        var error = Assert.Throws<ArgumentException>(() => Neuron.EvaluateBatch([(IReadOnlyList<double>)[1.0, 2.0], [1.0]]));

        Assert.StartsWith("Row 1 has 1 numbers; the computation has 2 inputs: x1, x2.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_batches_and_null_samples_are_rejected_at_the_boundary()
    {
        Assert.Throws<ArgumentNullException>(() => Neuron.EvaluateBatch((IReadOnlyList<IReadOnlyDictionary<string, double>>)null!));
        Assert.Throws<ArgumentNullException>(() => Neuron.EvaluateBatch(new IReadOnlyDictionary<string, double>[] { null! }));
        Assert.Throws<ArgumentNullException>(() => Neuron.EvaluateBatch(new IReadOnlyList<double>[] { null! }));
    }

    [Fact]
    public void Asking_for_the_gradient_of_an_unknown_name_lists_the_variables()
    {
        var batch = Neuron.EvaluateBatch([Sample(1, 2)]);

        var error = Assert.Throws<KeyNotFoundException>(() => batch.GradientsOf("w9"));

        Assert.Contains("'w1'", error.Message, StringComparison.Ordinal);
        Assert.Throws<KeyNotFoundException>(() => batch.Gradients[0]["w9"]);
    }

    [Fact]
    public void A_computation_built_from_vectors_evaluates_a_batch_of_rows_and_its_weights_join_as_parameters()
    {
        var w = ValueVector.Of([2.0, -3.0], "w");
        var x = ValueVector.Variable("x", 2);
        var gate = Computation.Define().WithInput("x[0]").WithInput("x[1]").WithOutput("s", w.Dot(x).Sigmoid()).Build();

        var batch = gate.EvaluateBatch([[-1.0, -2.0], [1.0, 1.0]]);

        Assert.Equal(["x[0]", "x[1]", "w[0]", "w[1]"], gate.Variables);
        Assert.Equal(0.9820137900379085, batch.Values[0], Precision.Exact);
        Assert.Equal(w.Dot(ValueVector.Constant([1.0, 1.0])).Sigmoid().Data, batch.Values[1], Precision.Exact);
        Assert.Equal(-1.0 * batch.Values[0] * (1 - batch.Values[0]), batch.Gradients[0]["w[0]"], Precision.Exact);
    }
}
