namespace Backprop.Fluent.Tests;

/// <summary>Evaluating a computation into caller-supplied buffers, for tight loops.</summary>
public class BufferEvaluationTests
{
    private static readonly Computation Neuron = Computation.Define()
        .WithInput("x1").WithInput("x2")
        .WithParameter("w1", -3.0).WithParameter("w2", 1.0).WithParameter("b", 6.8813735870195432)
        .WithStep("unused", s => s["x1"].Exp())
        .WithOutput("o", s => (s["x1"] * s["w1"] + s["x2"] * s["w2"] + s["b"]).Tanh())
        .Build();

    [Fact]
    public void The_variables_are_the_inputs_and_parameters_in_declaration_order()
    {
        Assert.Equal(["x1", "x2", "w1", "w2", "b"], Neuron.Variables);
    }

    [Fact]
    public void Buffers_receive_bit_for_bit_the_value_and_gradients_of_a_dictionary_evaluation()
    {
        var gradients = new double[5];
        foreach (var (x1, x2) in new[] { (2.0, 0.0), (-1.5, 0.25), (0.0, 3.0) })
        {
            var value = Neuron.Evaluate([x1, x2, -3.0, 1.0, 6.8813735870195432], gradients);

            var expected = Neuron.Evaluate(new Dictionary<string, double> { ["x1"] = x1, ["x2"] = x2 });
            Assert.Equal(expected.Value, value);
            Assert.Equal(Neuron.Variables.Select(name => expected.Gradients[name]), gradients);
        }
    }

    [Fact]
    public void A_variable_the_output_does_not_use_gets_a_zero_gradient_even_in_a_dirty_buffer()
    {
        var computation = Computation.Define().WithInput("x").WithInput("unused").WithOutput("y", s => s["x"] * 3).Build();
        var gradients = new[] { 99.0, 99.0 };

        computation.Evaluate([2.0, 5.0], gradients);

        Assert.Equal([3.0, 0.0], gradients);
    }

    [Fact]
    public void Evaluating_into_buffers_allocates_nothing_once_warm()
    {
        double[] numbers = [2.0, 0.0, -3.0, 1.0, 6.8813735870195432], gradients = new double[5];
        Neuron.Evaluate(numbers, gradients);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Neuron.Evaluate(numbers, gradients);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Buffers_of_the_wrong_length_or_NaN_numbers_are_rejected_naming_the_variables()
    {
        var gradients = new double[5];

        var length = Assert.Throws<ArgumentException>(() => Neuron.Evaluate([1.0, 2.0], gradients));
        var nan = Assert.Throws<ArgumentException>(() => Neuron.Evaluate([1.0, double.NaN, 0, 0, 0], gradients));

        Assert.StartsWith("Both buffers need one element per variable, 5 (x1, x2, w1, w2, b); numbers has 2", length.Message, StringComparison.Ordinal);
        Assert.StartsWith("The value given for 'x2' is NaN", nan.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Neuron.Evaluate([1.0, 2.0, 0, 0, 0], new double[4]));
    }
}
