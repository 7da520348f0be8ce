using Backprop.Fluent.Learning;

namespace Backprop.Fluent.Tests;

/// <summary>What Console.WriteLine shows of a result: its content, bounded.</summary>
public class PrintedFormTests
{
    [Fact]
    public void Gradients_print_the_value_and_the_variables_gradients_as_micrograd_prints_a_value()
    {
        var a = Value.Of(2.0, "a");
        var b = Value.Of(-3.0, "b");
        Assert.Equal("Gradients(value=-6, a=-3, b=2)", (a * b).Backward().ToString());
    }

    [Fact]
    public void Gradients_of_many_variables_print_the_first_ten_and_count_the_rest()
    {
        var terms = Enumerable.Range(0, 25).Select(k => Value.Of(k, $"x{k}")).ToList();
        var text = Value.Sum(terms).Backward().ToString();
        Assert.EndsWith("x9=1, … 15 more)", text);
    }

    [Fact]
    public void A_check_report_prints_its_verdict_and_the_variables_that_failed()
    {
        var x = Value.Of(0.0, "x");
        Assert.Equal("passed: 1 variable within tolerance 1E-06", (x * x).CheckGradients().ToString());
        Assert.Equal("FAILED: 1 of 1 variable outside tolerance 1E-06: x", x.Relu().CheckGradients().ToString());
    }

    [Fact]
    public void A_training_result_prints_its_steps_loss_and_accuracy_as_the_tool_does()
    {
        var result = Trainer.Train(Dataset.Moons(100, 0.1, 1), TrainingOptions.Default);
        Assert.Equal("after 100 steps: loss 0.0182367, accuracy 100.0%", result.ToString());
    }

    [Fact]
    public void An_optimization_result_prints_its_steps_value_and_variables()
    {
        var x = Value.Of(3.0, "x");
        var result = GradientDescent.Run((x - 1).Pow(2), OptimizationOptions.Default.WithSteps(1).WithLearningRate(0.25));
        Assert.Equal("after 1 step: value 1, x=2", result.ToString());
    }
}
