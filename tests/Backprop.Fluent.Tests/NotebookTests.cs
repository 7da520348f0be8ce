namespace Backprop.Fluent.Tests;

/// <summary>The worked examples of micrograd's notebooks and the Hacker's guide, written with the facade alone.</summary>
public class NotebookTests
{
    [Fact]
    public void L_equals_ab_plus_c_times_f_has_the_notebooks_value_and_every_intermediate_gradient()
    {
        var a = Value.Of(2.0, "a");
        var b = Value.Of(-3.0, "b");
        var c = Value.Of(10.0, "c");
        var f = Value.Of(-2.0, "f");
        var e = a * b;
        var d = e + c;
        var L = d * f;

        var g = L.Backward();

        Assert.Equal(-8.0, g.Value, Precision.Exact);
        Assert.Equal(6.0, g[a], Precision.Exact);
        Assert.Equal(-4.0, g[b], Precision.Exact);
        Assert.Equal(-2.0, g[c], Precision.Exact);
        Assert.Equal(4.0, g[f], Precision.Exact);
        Assert.Equal(-2.0, g[e], Precision.Exact);
        Assert.Equal(-2.0, g[d], Precision.Exact);
        Assert.Equal(1.0, g[L], Precision.Exact);
        Assert.Equal(-6.0, g.ValueOf(e), Precision.Exact);
        Assert.Equal(4.0, g.ValueOf(d), Precision.Exact);
        Assert.Equal(-8.0, L.Data, Precision.Exact);
    }

    [Fact]
    public void The_issue_example_with_doubles_on_either_side_reads_as_written()
    {
        var a = Value.Of(2.0, "a");
        var b = Value.Of(-3.0, "b");
        var L = (a * b + 10) * -2;

        var g = L.Backward();

        Assert.Equal(6.0, g[a], Precision.Exact);
        Assert.Equal(-4.0, g["b"], Precision.Exact);
    }

    [Fact]
    public void The_tanh_neuron_has_the_notebooks_gradients()
    {
        var neuron = new Neuron();

        var o = neuron.Preactivation.Tanh();

        neuron.AssertGradients(o.Backward());
    }

    [Fact]
    public void The_neuron_with_tanh_written_through_exp_has_the_same_gradients()
    {
        var neuron = new Neuron();
        var e = (2 * neuron.Preactivation).Exp();

        var o = (e - 1) / (e + 1);

        neuron.AssertGradients(o.Backward());
    }

    [Fact]
    public void The_hackers_guide_function_at_3_and_minus_4_has_its_value_and_gradients()
    {
        var x = Value.Of(3.0, "x");
        var y = Value.Of(-4.0, "y");

        var f = (x + y.Sigmoid()) / (x.Sigmoid() + (x + y).Pow(2));
        var g = f.Backward();

        Assert.Equal(1.5456448841066441, g.Value, Precision.Exact);
        Assert.Equal(2.0595697955721652, g[x], Precision.Exact);
        Assert.Equal(1.5922327514838093, g[y], Precision.Exact);
    }

    [Fact]
    public void The_hackers_guide_sigmoid_neuron_has_its_value_and_gradients()
    {
        var (a, b, c) = (Value.Of(1.0, "a"), Value.Of(2.0, "b"), Value.Of(-3.0, "c"));
        var (x, y) = (Value.Of(-1.0, "x"), Value.Of(3.0, "y"));

        var f = (a * x + b * y + c).Sigmoid();
        var g = f.Backward();

        Assert.Equal(0.8807970779778823, g.Value, Precision.Exact);
        Assert.Equal(-0.10499358540350662, g[a], Precision.Exact);
        Assert.Equal(0.31498075621051985, g[b], Precision.Exact);
        Assert.Equal(0.10499358540350662, g[c], Precision.Exact);
        Assert.Equal(0.10499358540350662, g[x], Precision.Exact);
        Assert.Equal(0.20998717080701323, g[y], Precision.Exact);
    }

    [Fact]
    public void The_hackers_guide_product_of_a_sum_at_minus_2_5_minus_4_has_gradients_minus_4_minus_4_and_3()
    {
        var (x, y, z) = (Value.Of(-2.0, "x"), Value.Of(5.0, "y"), Value.Of(-4.0, "z"));

        var g = ((x + y) * z).Backward();

        Assert.Equal(-12.0, g.Value, Precision.Exact);
        Assert.Equal(-4.0, g[x], Precision.Exact);
        Assert.Equal(-4.0, g[y], Precision.Exact);
        Assert.Equal(3.0, g[z], Precision.Exact);
    }

    [Fact]
    public void Micrograds_first_engine_test_gives_y_minus_20_and_dy_dx_46()
    {
        var x = Value.Of(-4.0);
        var z = 2 * x + 2 + x;
        var q = z.Relu() + z * x;
        var h = (z * z).Relu();
        var y = h + q + q * x;

        var g = y.Backward();

        Assert.Equal(-20.0, g.Value, Precision.Micrograd);
        Assert.Equal(46.0, g[x], Precision.Micrograd);
    }

    [Fact]
    public void Micrograds_second_engine_test_matches_pytorchs_numbers()
    {
        var a = Value.Of(-4.0);
        var b = Value.Of(2.0);
        var c = a + b;
        var d = a * b + b.Pow(3);
        c = c + c + 1;
        c = c + 1 + c + (-a);
        d = d + d * 2 + (b + a).Relu();
        d = d + 3 * d + (b - a).Relu();
        var e = c - d;
        var f = e.Pow(2);
        var g = f / 2.0;
        g = g + 10.0 / f;

        var result = g.Backward();

        Assert.Equal(24.70408163265306, result.Value, Precision.Micrograd);
        Assert.Equal(138.83381924198252, result[a], Precision.Micrograd);
        Assert.Equal(645.5772594752186, result[b], Precision.Micrograd);
    }

    [Fact]
    public void A_gradient_ascent_step_on_every_leaf_increases_the_output_as_the_notebook_does_by_hand()
    {
        static Value Output(Value a, Value b, Value c, Value f) => (a * b + c) * f;
        var leaves = new[] { Value.Of(2.0, "a"), Value.Of(-3.0, "b"), Value.Of(10.0, "c"), Value.Of(-2.0, "f") };
        var before = Output(leaves[0], leaves[1], leaves[2], leaves[3]);
        var g = before.Backward();

        var stepped = leaves.Select(leaf => Value.Of(leaf.Data + 0.01 * g[leaf], leaf.Name!)).ToArray();
        var after = Output(stepped[0], stepped[1], stepped[2], stepped[3]);

        Assert.Equal(-8.0, before.Data, Precision.Exact);
        Assert.True(after.Data > before.Data, $"L went from {before.Data} to {after.Data}");
        // The notebook's own step gives L = -7.286496 (a=2.06, b=-3.04, c=9.98, f=-1.96).
        Assert.Equal(-7.286496, after.Data, 1e-9);
    }

    /// <summary>micrograd's neuron <c>o = tanh(x1·w1 + x2·w2 + b)</c> and its expected gradients.</summary>
    private sealed class Neuron
    {
        public Value X1 { get; } = Value.Of(2.0, "x1");
        public Value X2 { get; } = Value.Of(0.0, "x2");
        public Value W1 { get; } = Value.Of(-3.0, "w1");
        public Value W2 { get; } = Value.Of(1.0, "w2");
        public Value B { get; } = Value.Of(6.8813735870195432, "b");

        public Value Preactivation => X1 * W1 + X2 * W2 + B;

        public void AssertGradients(Gradients g)
        {
            Assert.Equal(0.7071067811865477, g.Value, Precision.Exact);
            Assert.Equal(-1.5, g[X1], Precision.Exact);
            Assert.Equal(1.0, g[W1], Precision.Exact);
            Assert.Equal(0.5, g[X2], Precision.Exact);
            Assert.Equal(0.0, g[W2], Precision.Exact);
            Assert.Equal(0.5, g[B], Precision.Exact);
        }
    }
}
