namespace Backprop.Functional.Learning

/// <summary>
/// Samples for a binary classifier: one row of features per sample and its label, -1 or 1.
/// </summary>
type Dataset = {
    /// The column names of the features and of the label, when the data came with a header.
    Names: string list option
    /// One row of features per sample, all of the same length.
    Features: float[][]
    /// One label per sample, each -1 or 1.
    Labels: float[]
}

/// Checking and measuring datasets.
[<RequireQualifiedAccess>]
module Dataset =

    /// The number of samples.
    let count (data: Dataset) = data.Labels.Length

    /// The number of features per sample (0 when there are no samples).
    let featureCount (data: Dataset) =
        if data.Features.Length = 0 then
            0
        else
            data.Features[0].Length

    /// <summary>
    /// The problems that make a dataset unusable for training, as messages: no samples, rows of
    /// different lengths, non-finite features, labels other than -1 and 1, or a single class.
    /// </summary>
    let validate (data: Dataset) : string list =
        let width = featureCount data

        [
            if data.Features.Length <> data.Labels.Length then
                $"There are {data.Features.Length} rows of features but {data.Labels.Length} labels."
            elif data.Labels.Length = 0 then
                "The data has no samples."
            elif width = 0 then
                "Every sample needs at least one feature."
            else
                match data.Features |> Array.tryFindIndex (fun row -> row.Length <> width) with
                | Some i -> $"Sample {i + 1} has {data.Features[i].Length} features; the first has {width}."
                | None -> ()

                match
                    data.Features
                    |> Array.tryFindIndex (Array.exists (System.Double.IsFinite >> not))
                with
                | Some i -> $"Sample {i + 1} has a feature that is not a finite number."
                | None -> ()

                match data.Labels |> Array.tryFindIndex (fun y -> y <> 1.0 && y <> -1.0) with
                | Some i -> $"Sample {i + 1} has the label {data.Labels[i]}; labels must be -1 or 1."
                | None ->
                    if data.Labels |> Array.forall (fun y -> y = data.Labels[0]) then
                        $"Every sample has the label {data.Labels[0]}; a classifier needs samples of both classes."
        ]
