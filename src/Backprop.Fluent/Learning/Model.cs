using CoreLearning = Backprop.Functional.Learning;

namespace Backprop.Fluent.Learning;

/// <summary>
/// A network with numbers: a <see cref="NetworkShape"/> and one number per parameter, as training
/// returns it. Predicts, classifies, measures accuracy, and saves to and loads from JSON. Immutable.
/// </summary>
/// <remarks>Each prediction call compiles the network once (O(parameters)); pass many rows at once to predict many samples.</remarks>
public sealed class Model
{
    internal Model(CoreLearning.Model core) => Core = core;

    internal CoreLearning.Model Core { get; }

    /// <summary>The network's shape.</summary>
    public NetworkShape Shape => new(Core.Shape);

    /// <summary>The parameter numbers, in the order of <see cref="Network.Parameters"/>.</summary>
    public IReadOnlyList<double> Parameters => Core.Parameters.ToArray();

    /// <summary>The score above which the model predicts the label 1: 0.5 for a sigmoid output, otherwise 0.</summary>
    public double Threshold => CoreLearning.ModelModule.threshold(Core);

    /// <summary>A model of the given shape with micrograd's seeded initial numbers.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="seed">The seed.</param>
    public static Model Create(NetworkShape shape, long seed) => new(CoreLearning.ModelModule.create(Guard.NotNull(shape).Core, seed));

    /// <summary>A model of the given shape and parameter numbers.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="parameters">One number per parameter, in the order of <see cref="Network.Parameters"/>.</param>
    /// <exception cref="ArgumentException">The number of parameters does not fit the shape.</exception>
    public static Model Create(NetworkShape shape, IReadOnlyList<double> parameters)
    {
        Guard.NotNull(shape);
        Guard.NotNull(parameters);
        return parameters.Count == shape.ParameterCount
            ? new(FSharpInterop.Model(shape.Core, parameters))
            : throw new ArgumentException($"The shape has {shape.ParameterCount} parameters; {parameters.Count} numbers were given.", nameof(parameters));
    }

    /// <summary>Every output of the network for one sample.</summary>
    /// <param name="features">One number per input.</param>
    /// <exception cref="ArgumentException">The number of features differs from the shape's inputs.</exception>
    public IReadOnlyList<double> Predict(IReadOnlyList<double> features) =>
        CoreLearning.ModelModule.predictor(Core).Predict(Guard.NotNull(features).ToArray());

    /// <summary>The first (for a classifier, the only) output for each sample.</summary>
    /// <param name="rows">One row of features per sample.</param>
    /// <exception cref="ArgumentException">A row's length differs from the shape's inputs.</exception>
    public IReadOnlyList<double> Scores(IReadOnlyList<IReadOnlyList<double>> rows) =>
        CoreLearning.ModelModule.scores(Core, Rows(rows));

    /// <summary>The class, -1 or 1, the model predicts for each sample: 1 when the score is above <see cref="Threshold"/>.</summary>
    /// <param name="rows">One row of features per sample.</param>
    public IReadOnlyList<double> Classify(IReadOnlyList<IReadOnlyList<double>> rows) =>
        CoreLearning.ModelModule.classify(Core, Rows(rows));

    /// <summary>The fraction (0..1) of the samples whose label the model predicts.</summary>
    /// <param name="data">The samples.</param>
    public double Accuracy(Dataset data) => CoreLearning.ModelModule.accuracy(Core, Guard.NotNull(data).Core);

    /// <summary>The model as indented JSON text (format <c>backprop-mlp</c>, version 1).</summary>
    /// <exception cref="ArgumentException">A parameter is not finite (JSON has no NaN).</exception>
    public string ToJson() => FSharpInterop.ToJson(Core);

    /// <summary>A model from the JSON text <see cref="ToJson"/> writes.</summary>
    /// <param name="json">The text.</param>
    /// <exception cref="FormatException">The text is not a valid model (the message says what is wrong).</exception>
    public static Model FromJson(string json) => new(FSharpInterop.FromJson(Guard.NotNull(json)));

    /// <summary>Writes the model as JSON to a file.</summary>
    /// <param name="path">The file's path.</param>
    /// <exception cref="IOException">The file cannot be written (the message says why).</exception>
    public void Save(string path) => FSharpInterop.Save(Guard.NotNull(path), Core);

    /// <summary>Reads a model that <see cref="Save"/> wrote.</summary>
    /// <param name="path">The file's path.</param>
    /// <exception cref="IOException">The file cannot be read or is not a valid model (the message says why).</exception>
    public static Model Load(string path) => new(FSharpInterop.Load(Guard.NotNull(path)));

    /// <summary>The shape, e.g. <c>MLP(2, [16, 16, 1]) relu/linear</c>.</summary>
    public override string ToString() => Shape.ToString();

    private static double[][] Rows(IReadOnlyList<IReadOnlyList<double>> rows) =>
        Guard.NotNull(rows).Select(row => Guard.NotNull(row, nameof(rows)).ToArray()).ToArray();
}
