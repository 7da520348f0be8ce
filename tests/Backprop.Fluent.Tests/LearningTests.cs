using Backprop.Fluent.Learning;

namespace Backprop.Fluent.Tests;

/// <summary>Networks, training, data and models through the C# facade, on the notebooks' examples.</summary>
public class LearningTests
{
    private static readonly IReadOnlyList<IReadOnlyList<double>> MicrogradXs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]];
    private static readonly IReadOnlyList<double> MicrogradYs = [1.0, -1.0, -1.0, 1.0];

    private static readonly TrainingOptions FourSampleOptions = TrainingOptions.Default
        .WithHiddenLayers([4, 4]).WithActivation(Activation.Tanh).WithOutputActivation(Activation.Tanh)
        .WithLoss(Loss.SquaredError).WithSteps(20).WithLearningRate(0.1).WithDecay(LearningRateDecay.None).WithL2(0);

    [Fact]
    public void The_trainer_fits_microgrades_four_sample_classifier_and_its_loss_falls_at_every_one_of_20_steps()
    {
        var losses = new List<double>();

        var result = Trainer.Train(Dataset.FromRows(MicrogradXs, MicrogradYs), FourSampleOptions, progress => losses.Add(progress.Loss));

        Assert.Equal(20, losses.Count);
        Assert.All(losses.Zip(losses.Skip(1)), pair => Assert.True(pair.Second < pair.First, $"{pair.Second} should be below {pair.First}"));
        Assert.True(result.Loss < losses[^1]);
        Assert.Equal(20, result.Steps);
        Assert.Equal("MLP(3, [4, 4, 1]) tanh/tanh", result.Model.Shape.ToString());
    }

    [Fact]
    public void A_network_of_values_trains_the_four_sample_classifier_as_microgrades_loop_does()
    {
        var network = Network.Create(new NetworkShape(3, [4, 4, 1], Activation.Tanh, Activation.Tanh));
        var predictions = MicrogradXs.Select(x => network.Apply(x.Select(Value.Constant).ToArray())[0]).ToArray();
        var loss = Value.Sum(predictions.Zip(MicrogradYs, (prediction, y) => (prediction - y).Pow(2)));
        var parameters = new Dictionary<string, double>(network.InitialParameters(seed: 1));
        var losses = new List<double>();

        for (var step = 0; step < 20; step++)
        {
            var g = loss.Backward(parameters);
            losses.Add(g.Value);
            foreach (var name in network.ParameterNames)
            {
                parameters[name] -= 0.05 * g[name];
            }
        }

        Assert.Equal(41, network.Parameters.Count);
        Assert.True(losses[^1] < losses[0] / 2, $"the loss went from {losses[0]} to {losses[^1]}");
    }

    [Fact]
    public void The_moons_demo_with_the_default_options_reaches_at_least_99_percent_accuracy()
    {
        var data = Dataset.Moons(100, 0.1, seed: 1);

        var result = Trainer.Train(data);

        Assert.True(result.Accuracy >= 0.99, $"accuracy {result.Accuracy}");
        Assert.Equal(result.Accuracy, result.Model.Accuracy(data));
        Assert.Equal(100, result.Steps);
    }

    [Fact]
    public void A_saved_and_loaded_model_makes_identical_predictions()
    {
        var data = Dataset.Moons(60, 0.1, seed: 3);
        var model = Trainer.Train(data, TrainingOptions.Default.WithSteps(10)).Model;
        var path = Path.Combine(Path.GetTempPath(), $"backprop-model-{Guid.NewGuid():N}.json");

        try
        {
            model.Save(path);
            var loaded = Model.Load(path);

            Assert.Equal(model.Scores(data.Features), loaded.Scores(data.Features));
            Assert.Equal(model.Parameters, loaded.Parameters);
            Assert.Equal(model.Predict(data.Features[0]), loaded.Predict(data.Features[0]));
            Assert.Equal(model.Scores(data.Features), Model.FromJson(model.ToJson()).Scores(data.Features));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_model_classifies_by_the_sign_of_its_score_and_measures_accuracy()
    {
        var shape = new NetworkShape(2, [1], Activation.Tanh, Activation.Linear);
        var model = Model.Create(shape, [1.0, -1.0, 0.0]);   // score = x0 - x1

        Assert.Equal([1.0, -1.0], model.Classify([[2.0, 1.0], [1.0, 2.0]]));
        Assert.Equal([1.0, -1.0], model.Scores([[2.0, 1.0], [1.0, 2.0]]));
        Assert.Equal(0.5, model.Accuracy(Dataset.FromRows([[2.0, 1.0], [1.0, 2.0], [3.0, 1.0], [0.0, 5.0]], [1.0, -1.0, -1.0, 1.0])), Precision.Exact);
        Assert.Equal(0.0, model.Threshold);
    }

    [Fact]
    public void Other_optimisers_train_the_four_sample_classifier_too()
    {
        foreach (var optimizer in new[] { Optimizer.Momentum(), Optimizer.Adam() })
        {
            var losses = new List<double>();
            var options = FourSampleOptions.WithOptimizer(optimizer).WithLearningRate(0.05);

            Trainer.Train(Dataset.FromRows(MicrogradXs, MicrogradYs), options, progress => losses.Add(progress.Loss));

            Assert.True(losses[^1] < losses[0], $"{optimizer}: the loss went from {losses[0]} to {losses[^1]}");
        }
    }

    [Fact]
    public void CSV_text_is_parsed_into_features_labels_and_names()
    {
        var data = Dataset.ParseCsv("x,y,label\n1.5,2,1\n-1,0.25,0\n");

        Assert.Equal(2, data.Count);
        Assert.Equal(2, data.FeatureCount);
        Assert.Equal([1.0, -1.0], data.Labels);
        Assert.Equal([-1.0, 0.25], data.Features[1]);
        Assert.Equal(["x", "y", "label"], data.Names!);
        Assert.Equal(data.Features, Dataset.ParseCsv(data.ToCsv()).Features);
    }

    [Fact]
    public void A_non_numeric_CSV_cell_is_reported_with_its_line_and_column()
    {
        var error = Assert.Throws<DataFormatException>(() => Dataset.ParseCsv("x,y,label\n1,2,1\n3,abc,-1\n"));

        Assert.Equal(3, error.Line);
        Assert.Equal(3, error.Column);
        Assert.StartsWith("Line 3, column 3: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("abc", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_CSV_file_is_reported_at_line_zero()
    {
        var error = Assert.Throws<DataFormatException>(() => Dataset.LoadCsv(Path.Combine(Path.GetTempPath(), "no-such-backprop-file.csv")));

        Assert.Equal(0, error.Line);
        Assert.Equal(0, error.Column);
        Assert.EndsWith("no-such-backprop-file.csv: no such file", error.Message, StringComparison.Ordinal);
        Assert.Equal(error.Message, error.Reason);
    }

    [Fact]
    public void A_CSV_file_without_data_rows_is_reported_at_line_zero_after_its_name()
    {
        var path = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName() + ".csv");
        File.WriteAllText(path, "x,y,label\n");
        try
        {
            var error = Assert.Throws<DataFormatException>(() => Dataset.LoadCsv(path));

            Assert.Equal(0, error.Line);
            Assert.Equal($"{path}: The file has a header but no data rows.", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_bad_cell_in_a_CSV_file_is_reported_with_its_line_and_column()
    {
        var path = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName() + ".csv");
        File.WriteAllText(path, "1,2,1\n3,4,2\n");
        try
        {
            var error = Assert.Throws<DataFormatException>(() => Dataset.LoadCsv(path));

            Assert.Equal((2, 5), (error.Line, error.Column));
            Assert.Equal("Line 2, column 5: The label '2' must be -1 or 1 (or 0 or 1).", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Unusable_rows_and_labels_are_rejected_with_every_problem_named()
    {
        Assert.Contains("labels must be -1 or 1", Assert.Throws<ArgumentException>(() => Dataset.FromRows([[1.0], [2.0]], [1.0, 2.0])).Message, StringComparison.Ordinal);
        Assert.Contains("both classes", Assert.Throws<ArgumentException>(() => Dataset.FromRows([[1.0], [2.0]], [1.0, 1.0])).Message, StringComparison.Ordinal);
        Assert.Contains("Sample 2 has 1 features", Assert.Throws<ArgumentException>(() => Dataset.FromRows([[1.0, 2.0], [2.0]], [1.0, -1.0])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Dataset.Moons(1, 0.1, 1));
    }

    [Fact]
    public void Unusable_options_are_rejected_when_training_starts_with_every_problem_listed()
    {
        var data = Dataset.FromRows(MicrogradXs, MicrogradYs);

        var error = Assert.Throws<ArgumentException>(() => Trainer.Train(data, TrainingOptions.Default.WithSteps(0).WithLearningRate(-1)));

        Assert.Contains("The number of steps must be positive", error.Message, StringComparison.Ordinal);
        Assert.Contains("The learning rate must be a positive", error.Message, StringComparison.Ordinal);
        Assert.Equal("options", error.ParamName);
        Assert.Throws<ArgumentException>(() => Optimizer.Momentum(1.5));
        Assert.Throws<ArgumentException>(() => Optimizer.Adam(0.9, 0.999, 0));
        Assert.Throws<ArgumentException>(() => new NetworkShape(0, [1], Activation.Tanh, Activation.Linear));
        Assert.Throws<ArgumentException>(() => Model.Create(new NetworkShape(2, [1], Activation.Tanh, Activation.Linear), [1.0]));
    }

    [Fact]
    public void A_loss_that_overflows_stops_training_and_names_the_step()
    {
        var options = FourSampleOptions.WithLearningRate(1e300).WithActivation(Activation.Relu).WithOutputActivation(Activation.Linear);

        var error = Assert.Throws<TrainingDivergedException>(() => Trainer.Train(Dataset.FromRows(MicrogradXs, MicrogradYs), options));

        Assert.True(error.Step >= 1);
        Assert.False(double.IsFinite(error.Loss));
        Assert.Contains($"at step {error.Step}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_arguments_are_rejected_at_the_boundary()
    {
        var data = Dataset.FromRows(MicrogradXs, MicrogradYs);

        Assert.Throws<ArgumentNullException>(() => Trainer.Train(null!));
        Assert.Throws<ArgumentNullException>(() => Trainer.Train(data, null!));
        Assert.Throws<ArgumentNullException>(() => Trainer.Train(data, TrainingOptions.Default, null!));
        Assert.Throws<ArgumentNullException>(() => TrainingOptions.Default.WithOptimizer(null!));
        Assert.Throws<ArgumentNullException>(() => Dataset.ParseCsv(null!));
        Assert.Throws<ArgumentNullException>(() => Model.FromJson(null!));
    }

    [Fact]
    public void Options_are_immutable_and_start_from_microgrades_moons_demo()
    {
        var changed = TrainingOptions.Default.WithSteps(5);

        Assert.Equal(100, TrainingOptions.Default.Steps);
        Assert.Equal(5, changed.Steps);
        Assert.Equal([16, 16], TrainingOptions.Default.HiddenLayers);
        Assert.Equal(Loss.Hinge, TrainingOptions.Default.Loss);
        Assert.Equal("sgd", TrainingOptions.Default.Optimizer.Name);
        Assert.Equal(1e-4, TrainingOptions.Default.L2);
    }
}
