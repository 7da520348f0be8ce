using Microsoft.FSharp.Core;
using CoreLearning = Backprop.Functional.Learning;
using Language = Backprop.Functional.Language;

namespace Backprop.Fluent.Learning;

/// <summary>
/// Samples for a binary classifier: one row of features per sample and its label, -1 or 1.
/// Made from rows, from CSV, or by the two-moons generator; checked when made. Immutable.
/// </summary>
public sealed class Dataset
{
    internal Dataset(CoreLearning.Dataset core) => Core = core;

    internal CoreLearning.Dataset Core { get; }

    /// <summary>The number of samples.</summary>
    public int Count => CoreLearning.DatasetModule.count(Core);

    /// <summary>The number of features per sample.</summary>
    public int FeatureCount => CoreLearning.DatasetModule.featureCount(Core);

    /// <summary>The features, one row per sample (copies).</summary>
    public IReadOnlyList<IReadOnlyList<double>> Features => Core.Features.Select(row => (IReadOnlyList<double>)row.ToArray()).ToArray();

    /// <summary>The labels, -1 or 1, one per sample.</summary>
    public IReadOnlyList<double> Labels => Core.Labels.ToArray();

    /// <summary>The column names (features, then the label) when the data came with a header; otherwise <see langword="null"/>.</summary>
    public IReadOnlyList<string>? Names => FSharpInterop.NamesOf(Core);

    /// <summary>A dataset of the given rows and labels.</summary>
    /// <param name="features">One row of features per sample, all of the same length, every number finite.</param>
    /// <param name="labels">One label per sample, each -1 or 1, both classes present.</param>
    /// <exception cref="ArgumentException">The data is unusable for training (every problem is listed).</exception>
    public static Dataset FromRows(IReadOnlyList<IReadOnlyList<double>> features, IReadOnlyList<double> labels) =>
        new(FSharpInterop.Dataset(Guard.NotNull(features), Guard.NotNull(labels)));

    /// <summary>
    /// Parses CSV text: numeric columns separated by commas, the label last (-1/1 or 0/1, 0 read as
    /// -1), an optional header row, blank lines ignored.
    /// </summary>
    /// <param name="text">The CSV text.</param>
    /// <exception cref="DataFormatException">The text is not usable data; the exception gives the line and column.</exception>
    public static Dataset ParseCsv(string text) => new(OrThrow(CoreLearning.Csv.parse(TextName, Guard.NotNull(text)), named: false));

    /// <summary>Reads and parses a CSV file as <see cref="ParseCsv"/> does.</summary>
    /// <param name="path">The file's path.</param>
    /// <exception cref="DataFormatException">
    /// The file cannot be read or holds no usable data (line 0, the message starting with the path), or a
    /// cell is not usable (its line and column).
    /// </exception>
    public static Dataset LoadCsv(string path) => new(OrThrow(CoreLearning.Csv.load(Guard.NotNull(path)), named: true));

    /// <summary>
    /// micrograd's two moons: <paramref name="count"/> samples on two interleaving half circles
    /// (labels -1 and 1), moved by Gaussian noise. The same arguments give the same data on every platform.
    /// </summary>
    /// <param name="count">The number of samples, from 2 to 1,000,000.</param>
    /// <param name="noise">The noise's standard deviation, 0 or more.</param>
    /// <param name="seed">The seed.</param>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    public static Dataset Moons(int count, double noise, long seed) => new(FSharpInterop.Moons(count, noise, seed));

    /// <summary>The dataset as CSV text, with a header row; numbers round-trip exactly.</summary>
    public string ToCsv() => CoreLearning.Csv.format(Core);

    /// <summary>A summary, e.g. <c>100 samples, 2 features</c>.</summary>
    public override string ToString() => $"{Count} samples, {FeatureCount} features";

    /// <summary>How text given to <see cref="ParseCsv"/> is named in the library's diagnostics (never shown).</summary>
    private const string TextName = "<text>";

    /// <summary>
    /// A dataset, or a <see cref="DataFormatException"/> from the library's diagnostic: at its line and
    /// column when it shows a line, else at line 0 (the whole file), after the file's name when the data came from a file.
    /// </summary>
    private static CoreLearning.Dataset OrThrow(FSharpResult<CoreLearning.Dataset, Language.Diagnostic> result, bool named)
    {
        if (result.IsOk)
            return result.ResultValue;
        var problem = result.ErrorValue;
        throw FSharpOption<string>.get_IsSome(problem.SourceLine)
            ? new DataFormatException(problem.Position.Line, problem.Position.Column, problem.Message)
            : new DataFormatException(0, 0, named ? $"{problem.File}: {problem.Message}" : problem.Message);
    }
}
