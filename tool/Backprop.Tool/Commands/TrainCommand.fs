/// `dotnet backprop train DATA.csv`: trains a multi-layer perceptron classifier (Learning's Train.run).
module Backprop.Tool.Commands.TrainCommand

open System
open System.CommandLine
open System.Globalization
open System.IO
open Backprop.Functional.Learning
open Backprop.Functional.Language
open Backprop.Tool
open Backprop.Tool.Output
open Backprop.Tool.Pictures

/// The parsed command line of `train`.
type TrainCommandOptions = {
    Path: string
    Train: TrainOptions
    Format: string
    Save: string option
    /// `--plot`: the loss and accuracy per step, as PNG or SVG.
    Plot: string option
    /// `--boundary`: the decision regions of 2-D data, as PNG or SVG.
    Boundary: string option
}

/// <summary>
/// <c>--layers 16,16</c>: the hidden layer sizes, each a whole number of at least 1; <c>none</c> gives
/// no hidden layer (a linear model).
/// </summary>
let parseLayers (text: string) : Result<int list, string> =
    let expected =
        "expected hidden layer sizes separated by commas, such as 16,16 (or none)"

    if text.Trim().ToLowerInvariant() = "none" then
        Ok []
    else
        let sizes =
            text.Split ','
            |> Array.map (fun part ->
                match Int32.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture) with
                | true, size when size >= 1 -> Ok size
                | _ when part.Trim() = "" -> Error $"--layers '{text}': an empty size; {expected}"
                | _ -> Error $"--layers '{text}': '{part.Trim()}' is not a whole number of 1 or more; {expected}")

        match
            sizes
            |> Array.tryPick (function
                | Error e -> Some e
                | Ok _ -> None)
        with
        | Some problem -> Error problem
        | None -> Ok [ for size in sizes -> Result.defaultValue 0 size ]

let private progressDetail (p: TrainProgress) =
    $"loss {Progress.number p.Loss}, accuracy {100.0 * p.Accuracy:F1}%%"

let private fail (message: string) =
    Terminal.reportUsageError message
    ExitCodes.BadInput

/// Trains on loaded data with progress, then writes the summary, the model and the pictures asked for.
let private train (options: TrainCommandOptions) (data: Dataset) : int =
    let json = options.Format = "json"

    let progress =
        Progress.forCommand json options.Train.Steps false (fun step detail -> $"step {step} {detail}")

    let history = TrainingPictures.History()

    let outcome =
        Train.run
            options.Train
            (fun p ->
                history.Record p
                progress.Report(p.Step, (fun () -> progressDetail p)))
            data

    progress.Finish()

    match outcome with
    | Error(TrainError.InvalidData _ as error) ->
        let name =
            if options.Path = "-" then
                ExpressionFile.StandardInputName
            else
                options.Path

        Terminal.reportDiagnostics [ Diagnostic.fileError name (TrainError.message error) ]
        ExitCodes.BadInput
    | Error error -> fail (TrainError.message error)
    | Ok result ->
        history.Finish result

        let modelSaved =
            match options.Save with
            | Some path ->
                AtomicFile.write "--save" path (fun temporary ->
                    File.WriteAllText(temporary, ModelJson.serialize result.Model))
            | None -> Ok()

        let saved =
            modelSaved
            |> Result.bind (fun () -> TrainingPictures.write options.Plot options.Boundary data history result)

        match saved with
        | Error message -> fail message
        | Ok() ->
            if json then
                use stdout = Console.OpenStandardOutput()
                LearningJson.writeTrain stdout result
            else
                use writer = Terminal.openStandardOutput ()
                let samples = Dataset.count data
                let correct = int (Math.Round(result.Accuracy * float samples))

                let steps = NumberText.count result.Steps "step" "steps"

                writer.Write(
                    $"after {steps}: loss {Progress.number result.Loss}, accuracy {100.0 * result.Accuracy:F1}%% ({correct} of {samples} samples)\n"
                )

            ExitCodes.Success

/// Checks the output paths and the data, then trains (see train).
let run (options: TrainCommandOptions) : int =
    let pictures = TrainingPictures.checkPaths options.Plot options.Boundary

    // Every file is checked before the training, which may take long, rather than after it.
    let unwritable =
        [
            "--save", options.Save
            "--plot", options.Plot
            "--boundary", options.Boundary
        ]
        |> List.tryPick (fun (option, path) -> path |> Option.bind (AtomicFile.problem option))

    match pictures, unwritable with
    | Error problem, _
    | Ok(), Some problem -> fail problem
    | Ok(), None ->
        match DataInput.load options.Path with
        | Error diagnostic ->
            Terminal.reportDiagnostics [ diagnostic ]
            ExitCodes.BadInput
        | Ok data ->
            match TrainingPictures.checkBoundaryData options.Boundary data with
            | Error problem -> fail problem
            | Ok() -> train options data

/// The `train` command; every default is micrograd's moons demo (Train.defaults).
let create () =
    let defaults = Train.defaults

    let data =
        Argument<string>(
            "DATA",
            Description =
                "The training data: a CSV of numeric columns, the last one the label (-1/1 or 0/1), an optional header row; - reads standard input."
        )

    let layers =
        Option<string>(
            "--layers",
            Description = "Hidden layer sizes, separated by commas; an output neuron follows. none: a linear model.",
            HelpName = "SIZES",
            DefaultValueFactory = (fun _ -> defaults.Layers |> List.map string |> String.concat ",")
        )

    layers.Validators.Add(fun result ->
        for token in result.Tokens do
            match parseLayers token.Value with
            | Error message -> result.AddError message
            | Ok _ -> ())

    let choice name description (names: string list) (fallback: string) =
        let option =
            Option<string>(
                name,
                Description = description,
                HelpName = "NAME",
                DefaultValueFactory = (fun _ -> fallback)
            )

        option.AcceptOnlyFromAmong(Array.ofList names) |> ignore
        option

    let activation =
        choice
            "--activation"
            "The activation of the hidden layers: relu, tanh, sigmoid, linear."
            (Activation.all |> List.map Activation.name)
            (Activation.name defaults.Activation)

    let output =
        choice
            "--output-activation"
            "The activation of the output neuron: linear (a margin or a logit), tanh (micrograd's lecture, with mse), relu, sigmoid."
            (Activation.all |> List.map Activation.name)
            (Activation.name defaults.Output)

    // --output was this option's name; it stays accepted, though elsewhere -o/--output is a file.
    output.Aliases.Add "--output"

    let loss =
        choice
            "--loss"
            "The loss: hinge (max-margin), mse (squared error), bce (binary cross-entropy of the output as a logit)."
            (Loss.all |> List.map Loss.name)
            (Loss.name defaults.Loss)

    let decay =
        choice
            "--decay"
            "The learning-rate schedule: linear (step k of N uses R·(1 − 0.9·k/N), as micrograd's demo) or none."
            [ "linear"; "none" ]
            (Decay.name defaults.Decay)

    let steps =
        Option<int>(
            "--steps",
            Description = "The number of full-batch updates.",
            HelpName = "N",
            DefaultValueFactory = (fun _ -> defaults.Steps)
        )
        |> NumberOptions.positiveCount

    let rate =
        Option<float>(
            "--lr",
            Description = $"The initial learning rate. [default: {NumberText.roundTrip defaults.LearningRate}]",
            HelpName = "R"
        )
        |> NumberOptions.positive

    rate.Aliases.Add "--rate"

    let l2 =
        Option<float>(
            "--l2",
            Description =
                $"The L2 penalty coefficient: A·Σp² over every weight and bias is added to the loss. [default: {NumberText.roundTrip defaults.L2}]",
            HelpName = "A"
        )
        |> NumberOptions.nonNegative

    let seed =
        Option<int64>(
            "--seed",
            Description = "The seed of the initial weights; the same seed gives the same run.",
            HelpName = "S",
            DefaultValueFactory = (fun _ -> defaults.Seed)
        )

    let format = CommonOptions.formatOption [ "table"; "json" ]

    let save =
        Option<string>("--save", Description = "Write the trained model to this JSON file.", HelpName = "FILE")

    let plot =
        Option<string>(
            "--plot",
            Description = "Draw the loss and accuracy per step into this picture (.png or .svg).",
            HelpName = "FILE"
        )

    let boundary =
        Option<string>(
            "--boundary",
            Description =
                "Draw the decision regions with the data points into this picture (.png or .svg); the data must have 2 features.",
            HelpName = "FILE"
        )

    let command =
        Command(
            "train",
            "Train a multi-layer perceptron classifier on a CSV; the defaults are micrograd's moons demo (2-16-16-1 relu, hinge loss, L2 1e-4, 100 steps from a rate of 1.0)."
        )

    command.Arguments.Add data

    for option in
        [
            layers :> Option
            activation
            output
            loss
            steps
            rate
            decay
            l2
            seed
            format
            save
            plot
            boundary
        ] do
        command.Options.Add option

    command.SetAction(
        Func<ParseResult, int>(fun parsed ->
            let valueOr (fallback: float) (option: Option<float>) =
                match parsed.GetResult option with
                | null -> fallback
                | _ -> parsed.GetValue option

            let parse parser (option: Option<string>) =
                match parser (parsed.GetValue option) with
                | Ok value -> value
                | Error(message: string) -> invalidArg option.Name message // unreachable: AcceptOnlyFromAmong

            run {
                Path = parsed.GetValue data
                Train = {
                    defaults with
                        Layers = parse parseLayers layers
                        Activation = parse Activation.parse activation
                        Output = parse Activation.parse output
                        Loss = parse Loss.parse loss
                        Steps = parsed.GetValue steps
                        LearningRate = valueOr defaults.LearningRate rate
                        Decay = parse Decay.parse decay
                        L2 = valueOr defaults.L2 l2
                        Seed = parsed.GetValue seed
                }
                Format = parsed.GetValue format
                Save = Option.ofObj (parsed.GetValue save)
                Plot = Option.ofObj (parsed.GetValue plot)
                Boundary = Option.ofObj (parsed.GetValue boundary)
            })
    )

    command
