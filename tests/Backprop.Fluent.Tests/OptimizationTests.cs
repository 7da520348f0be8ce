using Backprop.Fluent.Learning;

namespace Backprop.Fluent.Tests;

/// <summary>Gradient descent and ascent over chosen variables, and losses as values.</summary>
public class OptimizationTests
{
    private static Value Perceptron(out ValueVector w)
    {
        w = ValueVector.Of([2.0, -3.0], "w");
        var x = ValueVector.Of([-1.0, -2.0], "x");
        return (w.Dot(x) - 0.12).Pow(2);
    }

    private static readonly OptimizationOptions PerceptronOptions = OptimizationOptions.Default
        .WithLearningRate(0.01).WithSteps(10_000).WithTarget(1e-4).WithParameters(["w[0]", "w[1]"]);

    [Fact]
    public void SGD_trains_the_notebooks_perceptron_below_1e_4_in_57_iterations_moving_only_the_weights()
    {
        var values = new List<double>();

        var result = GradientDescent.Run(Perceptron(out _), PerceptronOptions, progress => values.Add(progress.Value));

        Assert.True(result.ReachedTarget);
        Assert.Equal(57, result.Steps);
        Assert.True(result.Value <= 1e-4);
        Assert.Equal(-1.0, result.Variables["x[0]"]);
        Assert.Equal(-2.0, result.Variables["x[1]"]);
        Assert.All(values.Zip(values.Skip(1)), pair => Assert.True(pair.Second < pair.First));
    }

    [Fact]
    public void Adam_reaches_the_perceptron_target_too()
    {
        var result = GradientDescent.Run(Perceptron(out _), PerceptronOptions.WithOptimizer(Optimizer.Adam()).WithLearningRate(0.05));

        Assert.True(result.ReachedTarget, $"value {result.Value} after {result.Steps} steps");
    }

    [Fact]
    public void Gradient_ascent_increases_the_dot_product_gate()
    {
        var gate = ValueVector.Of([2.0, -3.0], "w").Dot(ValueVector.Of([-1.0, -2.0], "x")).Sigmoid();

        var result = GradientDescent.Run(gate, OptimizationOptions.Default.WithDirection(OptimizationDirection.Maximize).WithSteps(10));

        Assert.Equal(10, result.Steps);
        Assert.True(result.Value > gate.Data);
    }

    [Fact]
    public void Starting_numbers_win_over_the_leaves_own_numbers()
    {
        var loss = Perceptron(out _);
        var start = new Dictionary<string, double> { ["w[0]"] = 0.12, ["w[1]"] = 0.0, ["x[0]"] = 1.0, ["x[1]"] = 1.0 };

        var result = GradientDescent.Run(loss, start, PerceptronOptions, _ => { });

        Assert.Equal(0, result.Steps);
        Assert.True(result.ReachedTarget);
    }

    [Fact]
    public void Unusable_options_and_unknown_parameters_are_argument_errors_that_say_so()
    {
        var loss = Perceptron(out _);

        Assert.Contains("'v' is not a variable", Assert.Throws<ArgumentException>(() => GradientDescent.Run(loss, PerceptronOptions.WithParameters(["v"]))).Message, StringComparison.Ordinal);
        Assert.Contains("steps must be positive", Assert.Throws<ArgumentException>(() => GradientDescent.Run(loss, PerceptronOptions.WithSteps(0))).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => GradientDescent.Run(Value.Variable("free") * 2, OptimizationOptions.Default));
        Assert.Throws<ArgumentNullException>(() => GradientDescent.Run(null!, OptimizationOptions.Default));
    }

    [Fact]
    public void Losses_as_values_match_their_definitions()
    {
        var score = Value.Of(0.25, "s");

        Assert.Equal(0.75, Losses.Of(Loss.Hinge, score, 1.0).Data, Precision.Exact);
        Assert.Equal(1.5625, Losses.Of(Loss.SquaredError, score, -1.0).Data, Precision.Exact);
        Assert.Equal(Math.Log(1 + Math.Exp(-0.25)), Losses.Of(Loss.CrossEntropy, score, 1.0).Data, Precision.Exact);
        Assert.Equal(0.5 * (4.0 + 9.0), Losses.L2(0.5, [Value.Of(2.0, "a"), Value.Of(-3.0, "b")]).Data, Precision.Exact);
    }

    [Fact]
    public void The_hinge_loss_and_L2_of_a_network_train_it_by_hand_as_micrograds_demo_does()
    {
        var data = Dataset.Moons(20, 0.1, seed: 2);
        var network = Network.Create(new NetworkShape(2, [8, 1], Activation.Relu, Activation.Linear));
        var losses = data.Features.Zip(data.Labels, (x, y) => Losses.Of(Loss.Hinge, network.Apply(x.Select(Value.Constant).ToArray())[0], y));
        var total = Value.Sum(losses) / data.Count + Losses.L2(1e-4, network.Parameters);

        var result = GradientDescent.Run(total, network.InitialParameters(seed: 1), OptimizationOptions.Default.WithLearningRate(0.1).WithSteps(30), _ => { });

        Assert.True(result.Value < total.Evaluate(network.InitialParameters(seed: 1)));
    }
}
