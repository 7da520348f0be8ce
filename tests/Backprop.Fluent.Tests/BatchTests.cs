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

    /// <summary>
    /// A 2-hidden-hidden-1 sigmoid network's squared error, inputs x0, x1, y; its weights are
    /// parameters. Sigmoid, not tanh: a batch computes it by the scalar tape's rule, so every
    /// sample's numbers are bit for bit a single evaluation's, where tanh's 2 ulp grow through the layers.
    /// </summary>
    private static Computation Network(int hidden)
    {
        var builder = Computation.Define().WithInput("x0").WithInput("x1").WithInput("y");
        var number = 0;
        Func<double> next = () => Math.Sin(++number * 1.7) * 0.8;
        for (var i = 0; i < hidden; i++)
        {
            builder = builder.WithParameter($"a{i}_0", next()).WithParameter($"a{i}_1", next()).WithParameter($"c{i}", next());
            for (var j = 0; j < hidden; j++)
            {
                builder = builder.WithParameter($"b{i}_{j}", next());
            }

            builder = builder.WithParameter($"d{i}", next()).WithParameter($"e{i}", next());
        }

        return builder.WithParameter("f", next()).WithOutput("loss", s =>
        {
            var first = Enumerable.Range(0, hidden)
                .Select(i => (s[$"a{i}_0"] * s["x0"] + s[$"a{i}_1"] * s["x1"] + s[$"c{i}"]).Sigmoid())
                .ToArray();
            var score = s["f"];
            for (var i = 0; i < hidden; i++)
            {
                var z = s[$"d{i}"];
                for (var j = 0; j < hidden; j++)
                {
                    z = s[$"b{i}_{j}"] * first[j] + z;
                }

                score = s[$"e{i}"] * z.Sigmoid() + score;
            }

            var error = score - s["y"];
            return error * error;
        }).Build();
    }

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
    public void A_batch_of_many_samples_through_a_network_of_many_parameters_gives_what_single_evaluations_give_bit_for_bit()
    {
        var network = Network(hidden: 8);
        var samples = Enumerable.Range(0, 700).Select(i => (IReadOnlyDictionary<string, double>)new Dictionary<string, double>
        {
            ["x0"] = Math.Sin(i * 0.37) * 2,
            ["x1"] = Math.Cos(i * 0.11) * 2,
            ["y"] = Math.Sin(i * 0.05),
        }).ToArray();

        var batch = network.EvaluateBatch(samples);

        Assert.True(network.Parameters.Count > 90, $"{network.Parameters.Count} parameters");
        Assert.Equal(samples.Length, batch.Count);
        for (var i = 0; i < samples.Length; i++)
        {
            var single = network.Evaluate(samples[i]);
            Assert.Equal(single.Value, batch.Values[i]);
            Assert.Equal(network.Variables, batch.Gradients[i].Keys);
            foreach (var name in network.Variables)
            {
                Assert.Equal(single.Gradients[name], batch.Gradients[i][name]);
            }
        }
    }

    [Fact]
    public void A_batch_given_as_rows_and_as_dictionaries_gives_the_same_numbers_bit_for_bit()
    {
        var network = Network(hidden: 5);
        var rows = Enumerable.Range(0, 300)
            .Select(i => (IReadOnlyList<double>)[Math.Sin(i * 0.37) * 2, Math.Cos(i * 0.11) * 2, Math.Sin(i * 0.05)])
            .ToArray();
        var dictionaries = rows
            .Select(row => (IReadOnlyDictionary<string, double>)new Dictionary<string, double> { ["y"] = row[2], ["x1"] = row[1], ["x0"] = row[0] })
            .ToArray();

        var byRow = network.EvaluateBatch(rows);
        var byName = network.EvaluateBatch(dictionaries);

        Assert.Equal(byName.Values, byRow.Values);
        foreach (var name in network.Variables)
        {
            Assert.Equal(byName.GradientsOf(name), byRow.GradientsOf(name));
        }
    }

    [Fact]
    public void A_batch_uses_the_parameters_of_the_computation_it_is_called_on()
    {
        var moved = Neuron.WithParameters(new Dictionary<string, double> { ["b"] = 0.5 });

        var before = Neuron.EvaluateBatch([Sample(2.0, 0.0)]);
        var after = moved.EvaluateBatch([(IReadOnlyList<double>)[2.0, 0.0]]);

        Assert.Equal(Neuron.Evaluate(Sample(2.0, 0.0)).Value, before.Values[0], Precision.BatchTanh);
        Assert.Equal(moved.Evaluate(Sample(2.0, 0.0)).Value, after.Values[0], Precision.BatchTanh);
        Assert.Equal(Math.Tanh(-6.0 + 0.5), after.Values[0], Precision.BatchTanh);
    }

    [Fact]
    public void Batches_evaluated_on_several_threads_at_once_agree()
    {
        var samples = ManySamples(500);
        var expected = Neuron.EvaluateBatch(samples);

        var batches = Enumerable.Range(0, 8).AsParallel().Select(_ => Neuron.EvaluateBatch(samples)).ToArray();

        Assert.All(batches, batch => Assert.Equal(expected.Values, batch.Values));
    }

    [Fact]
    public void A_sample_must_give_an_input_even_when_the_output_does_not_use_it()
    {
        var computation = Computation.Define().WithInput("x").WithInput("unused").WithParameter("w", 2.0)
            .WithOutput("y", s => s["x"] * s["w"]).Build();

        var error = Assert.Throws<ArgumentException>(() => computation.EvaluateBatch([new Dictionary<string, double> { ["x"] = 3.0 }]));

        Assert.StartsWith("Sample 0: The input 'unused' has no value: add \"unused\" to the inputs.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sample_may_override_a_parameter_the_output_does_not_use()
    {
        var computation = Computation.Define().WithInput("x").WithParameter("w", 2.0).WithParameter("idle", 1.0)
            .WithOutput("y", s => s["x"] * s["w"]).Build();

        var batch = computation.EvaluateBatch([new Dictionary<string, double> { ["x"] = 3.0, ["idle"] = 5.0 }]);

        Assert.Equal([6.0], batch.Values);
        Assert.Equal(0.0, batch.Gradients[0]["idle"]);
    }

    [Fact]
    public void A_sample_naming_an_unknown_variable_is_named_by_its_index_and_the_message_lists_the_variables()
    {
        var samples = new[] { Sample(1, 2), new Dictionary<string, double> { ["x1"] = 1.0, ["x2"] = 2.0, ["w9"] = 0.0 } };

        var error = Assert.Throws<ArgumentException>(() => Neuron.EvaluateBatch(samples));

        Assert.StartsWith(
            "Sample 1: 'w9' is not an input or parameter of this computation; inputs: 'x1', 'x2'; parameters: 'b', 'w1', 'w2'.",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_holding_NaN_is_named_by_its_index_and_its_input()
    {
        var error = Assert.Throws<ArgumentException>(() => Neuron.EvaluateBatch([(IReadOnlyList<double>)[1.0, 2.0], [3.0, double.NaN]]));

        Assert.StartsWith("Sample 1: The value given for 'x2' is NaN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_of_the_wrong_length_is_reported_before_a_NaN_in_an_earlier_row()
    {
        var error = Assert.Throws<ArgumentException>(() => Neuron.EvaluateBatch([(IReadOnlyList<double>)[double.NaN, 2.0], [1.0]]));

        Assert.StartsWith("Row 1 has 1 numbers", error.Message, StringComparison.Ordinal);
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
