/// The pictures `train` draws on request: `--plot` (loss and accuracy per step) and `--boundary`
/// (the decision regions of a model trained on 2-D data, with the data).
module Backprop.Tool.Pictures.TrainingPictures

open System
open Backprop.Functional.Learning

/// The loss and accuracy of every step of a run, recorded from the progress callback.
type History() =
    let steps = ResizeArray<int>()
    let loss = ResizeArray<float>()
    let accuracy = ResizeArray<float>()

    /// Records one step's state (before its update, as Train.run reports it).
    member _.Record(progress: TrainProgress) =
        steps.Add progress.Step
        loss.Add progress.Loss
        accuracy.Add progress.Accuracy

    /// Records the state after the last update, so the curve ends where the printed summary does.
    member _.Finish(result: TrainResult) =
        if steps.Count = 0 || steps[steps.Count - 1] < result.Steps then
            steps.Add result.Steps
            loss.Add result.Loss
            accuracy.Add result.Accuracy

    /// The recorded steps, losses and accuracies (0..1), one element per step.
    member _.Arrays = steps.ToArray(), loss.ToArray(), accuracy.ToArray()

/// The size of the training pictures, in pixels.
let Width, Height = 800, 500

/// <summary>
/// Checks, before training, that <c>--plot</c> and <c>--boundary</c> name PNG or SVG files.
/// </summary>
let checkPaths (plot: string option) (boundary: string option) : Result<unit, string> =
    let check name path =
        PictureFile.formatOf path
        |> Result.map ignore
        |> Result.mapError (fun message -> message.Replace("--output", name))

    [
        plot |> Option.map (check "--plot")
        boundary |> Option.map (check "--boundary")
    ]
    |> List.choose id
    |> List.tryPick (function
        | Error message -> Some message
        | Ok() -> None)
    |> Option.map Error
    |> Option.defaultValue (Ok())

/// <summary>
/// Checks, before training, that a decision-region picture can be drawn: the data has two features.
/// </summary>
let checkBoundaryData (boundary: string option) (data: Dataset) : Result<unit, string> =
    match boundary with
    | Some path when Dataset.featureCount data <> 2 ->
        Error
            $"--boundary {path}: decision regions are drawn for data with 2 features (a plane); this data has {Dataset.featureCount data}"
    | _ -> Ok()

let private save (plot: ScottPlot.Plot) (optionName: string) (path: string) =
    use _ = plot

    match PictureFile.formatOf path with
    | Error message -> Error message
    | Ok format ->
        PictureFile.save plot format path Width Height
        |> Result.mapError (fun message -> message.Replace("--output", optionName))

/// <summary>
/// Draws the requested pictures of a finished run (each announced as it is written), or returns the first error.
/// </summary>
let write
    (plot: string option)
    (boundary: string option)
    (data: Dataset)
    (history: History)
    (result: TrainResult)
    : Result<unit, string> =
    let lossPicture () =
        match plot with
        | None -> Ok()
        | Some path ->
            let steps, loss, accuracy = history.Arrays

            save (TrainingPlot.draw steps loss accuracy) "--plot" path

    let boundaryPicture () =
        match boundary with
        | None -> Ok()
        | Some path ->
            let predictor = Model.predictor result.Model
            let threshold = Model.threshold result.Model
            let sample = Array.zeroCreate<float> 2

            let predictsPositive x y =
                sample[0] <- x
                sample[1] <- y
                predictor.Score(ReadOnlySpan sample) > threshold

            let points: BoundaryPlot.Points = {
                X = data.Features |> Array.map (fun row -> row[0])
                Y = data.Features |> Array.map (fun row -> row[1])
                Labels = data.Labels
                Names =
                    match data.Names with
                    | Some(x :: y :: _) -> x, y
                    | _ -> "feature 1", "feature 2"
            }

            save (BoundaryPlot.draw predictsPositive points) "--boundary" path

    lossPicture () |> Result.bind boundaryPicture
