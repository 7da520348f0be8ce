namespace Backprop.Fluent.Tests;

/// <summary>Computations built with the fluent builder and evaluated many times.</summary>
public class ComputationTests
{
    private static readonly Computation Neuron = Computation.Define()
        .WithInput("x1").WithInput("x2")
        .WithParameter("w1", -3.0).WithParameter("w2", 1.0).WithParameter("b", 6.8813735870195432)
        .WithStep("x1w1", s => s["x1"] * s["w1"])
        .WithStep("x2w2", s => s["x2"] * s["w2"])
        .WithStep("n", s => s["x1w1"] + s["x2w2"] + s["b"])
        .WithOutput("o", s => s["n"].Tanh())
        .Build();

    private static Dictionary<string, double> Inputs(double x1, double x2) => new() { ["x1"] = x1, ["x2"] = x2 };

    [Fact]
    public void The_neuron_built_fluently_has_the_notebooks_value_and_gradients_by_name()
    {
        var result = Neuron.Evaluate(Inputs(2.0, 0.0));

        Assert.Equal("o", result.Output);
        Assert.Equal(0.7071067811865477, result.Value, Precision.Exact);
        Assert.Equal(-1.5, result.Gradients["x1"], Precision.Exact);
        Assert.Equal(1.0, result.Gradients["w1"], Precision.Exact);
        Assert.Equal(0.5, result.Gradients["x2"], Precision.Exact);
        Assert.Equal(0.0, result.Gradients["w2"], Precision.Exact);
        Assert.Equal(0.5, result.Gradients["b"], Precision.Exact);
    }

    [Fact]
    public void Named_steps_have_their_values_and_gradients_as_in_the_notebooks_table()
    {
        var result = Neuron.Evaluate(Inputs(2.0, 0.0));

        Assert.Equal(-6.0, result.Values["x1w1"], Precision.Exact);
        Assert.Equal(0.8813735870195432, result.Values["n"], Precision.Exact);
        Assert.Equal(0.5, result.GradientOf("x1w1"), Precision.Exact);
        Assert.Equal(0.5, result["n"].Gradient, Precision.Exact);
        Assert.Equal(1.0, result["o"].Gradient, Precision.Exact);
        Assert.Equal(NodeKind.Step, result["n"].Kind);
    }

    [Fact]
    public void Nodes_are_listed_in_declaration_order_with_their_kinds()
    {
        var result = Neuron.Evaluate(Inputs(2.0, 0.0));

        Assert.Equal(["x1", "x2", "w1", "w2", "b", "x1w1", "x2w2", "n", "o"], result.Nodes.Select(node => node.Name));
        Assert.Equal(
            [NodeKind.Input, NodeKind.Input, NodeKind.Parameter, NodeKind.Parameter, NodeKind.Parameter, NodeKind.Step, NodeKind.Step, NodeKind.Step, NodeKind.Step],
            result.Nodes.Select(node => node.Kind));
        Assert.Equal(["x1", "x2"], Neuron.Inputs);
        Assert.Equal(["x1w1", "x2w2", "n", "o"], Neuron.Steps);
    }

    [Fact]
    public void Evaluating_with_new_inputs_gives_new_numbers_from_the_same_compiled_tape()
    {
        var first = Neuron.Evaluate(Inputs(2.0, 0.0));
        var second = Neuron.Evaluate(Inputs(1.0, 3.0));

        Assert.Equal(Math.Tanh(-3.0 + 3.0 + 6.8813735870195432), second.Value, Precision.Exact);
        Assert.Equal(1.0, second.Gradients["w1"] / (1 - second.Value * second.Value), Precision.Exact);
        Assert.Same(first.Tape, second.Tape);
    }

    [Fact]
    public void New_parameters_share_the_compiled_tape_and_leave_the_original_unchanged()
    {
        var moved = Neuron.WithParameters(new Dictionary<string, double> { ["b"] = 0.0 });

        Assert.Equal(Math.Tanh(-6.0), moved.Evaluate(Inputs(2.0, 0.0)).Value, Precision.Exact);
        Assert.Equal(6.8813735870195432, Neuron.Parameters["b"]);
        Assert.Same(Neuron.Evaluate(Inputs(2.0, 0.0)).Tape, moved.Evaluate(Inputs(2.0, 0.0)).Tape);
    }

    [Fact]
    public void An_evaluation_may_override_a_parameter_for_that_evaluation_only()
    {
        var inputs = Inputs(2.0, 0.0);
        inputs["w2"] = 5.0;

        var result = Neuron.Evaluate(inputs);

        Assert.Equal(5.0, result.Values["w2"]);
        Assert.Equal(1.0, Neuron.Parameters["w2"]);
    }

    [Fact]
    public void A_gradient_ascent_step_on_the_parameters_increases_the_output()
    {
        var inputs = Inputs(2.0, 0.0);
        var before = Neuron.Evaluate(inputs);
        var stepped = Neuron.Parameters.ToDictionary(p => p.Key, p => p.Value + 0.01 * before.Gradients[p.Key]);

        var after = Neuron.WithParameters(stepped).Evaluate(inputs);

        Assert.True(after.Value > before.Value, $"o went from {before.Value} to {after.Value}");
    }

    [Fact]
    public void Without_an_explicit_output_the_last_step_is_the_output()
    {
        var computation = Computation.Define().WithInput("x").WithStep("y", s => s["x"] * 3).WithStep("z", s => s["y"] + 1).Build();

        Assert.Equal("z", computation.Output);
        Assert.Equal(7.0, computation.Evaluate(new Dictionary<string, double> { ["x"] = 2.0 }).Value);
    }

    [Fact]
    public void A_step_the_output_does_not_use_still_has_its_value_and_a_zero_gradient()
    {
        var computation = Computation.Define()
            .WithInput("x")
            .WithStep("y", s => s["x"] * s["x"])
            .WithStep("monitor", s => s["x"].Exp())
            .WithOutput("y")
            .Build();

        var result = computation.Evaluate(new Dictionary<string, double> { ["x"] = 3.0 });

        Assert.Equal(9.0, result.Value);
        Assert.Equal(Math.Exp(3.0), result.Values["monitor"], Precision.Exact);
        Assert.Equal(0.0, result.GradientOf("monitor"));
        Assert.Equal(6.0, result.Gradients["x"]);
    }

    [Fact]
    public void Leaves_made_with_Value_Of_join_as_parameters_holding_their_numbers()
    {
        var w = Value.Of(-3.0, "w");
        var x = Value.Variable("x");

        var computation = Computation.Define().WithInput("x").WithOutput("y", w * x).Build();
        var result = computation.Evaluate(new Dictionary<string, double> { ["x"] = 2.0 });

        Assert.Equal(-3.0, computation.Parameters["w"]);
        Assert.Equal(-6.0, result.Value);
        Assert.Equal(2.0, result.Gradients["w"]);
        Assert.Equal(NodeKind.Parameter, result.Nodes[^1].Kind);
    }

    [Fact]
    public void A_builder_is_immutable_so_one_prefix_can_grow_two_computations()
    {
        var prefix = Computation.Define().WithInput("x");

        var square = prefix.WithOutput("y", s => s["x"] * s["x"]).Build();
        var cube = prefix.WithOutput("y", s => s["x"].Pow(3)).Build();
        var at2 = new Dictionary<string, double> { ["x"] = 2.0 };

        Assert.Equal(4.0, square.Evaluate(at2).Value, Precision.Exact);
        Assert.Equal(8.0, cube.Evaluate(at2).Value, Precision.Exact);
        Assert.Throws<InvalidOperationException>(prefix.Build);
    }

    [Fact]
    public void A_computation_without_inputs_evaluates_from_its_parameters()
    {
        var computation = Computation.Define().WithParameter("p", 4.0).WithOutput("q", s => s["p"].Pow(0.5)).Build();

        Assert.Equal(2.0, computation.Evaluate().Value, Precision.Exact);
        Assert.Equal(0.25, computation.Evaluate().Gradients["p"], Precision.Exact);
    }
}
