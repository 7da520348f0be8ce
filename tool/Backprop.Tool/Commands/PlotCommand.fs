/// `dotnet backprop plot FILE --x NAME --from A --to B --output f.png`: outputs and their derivatives
/// against one leaf, as the notebooks plot tanh, sigmoid and relu with their slopes.
module Backprop.Tool.Commands.PlotCommand

open System
open System.CommandLine
open Backprop.Functional.Language
open Backprop.Tool
open Backprop.Tool.Pictures

/// The default number of samples: odd, so a range symmetric about 0 samples 0 itself.
[<Literal>]
let DefaultPoints = 201

/// The most samples accepted; far more than a picture's width in pixels.
[<Literal>]
let MaximumPoints = 100000

/// The parsed command line of `plot`.
type PlotOptions = {
    Path: string
    /// The leaf on the horizontal axis.
    Leaf: string
    From: float
    To: float
    Points: int
    /// The outputs to draw; empty means the last binding.
    Of: string[]
    Sets: string[]
    Output: string
    Width: int
    Height: int
    FailOnNonFinite: bool
}

/// The usage errors that need no file: the range, the number of points, the picture's format and size.
let private checkOptions (options: PlotOptions) : Result<PictureFile.ImageFormat, string> =
    if not (Double.IsFinite options.From && Double.IsFinite options.To) then
        Error $"--from {options.From} --to {options.To}: the range must be finite numbers"
    elif options.From >= options.To then
        Error
            $"--from {NumberText.short options.From} --to {NumberText.short options.To}: --from must be less than --to"
    elif options.Points < 2 || options.Points > MaximumPoints then
        Error $"--points {options.Points}: the number of samples must be between 2 and {MaximumPoints}"
    else
        PictureFile.checkSize "--width" options.Width
        |> Result.bind (fun _ -> PictureFile.checkSize "--height" options.Height)
        |> Result.bind (fun _ -> PictureFile.formatOf options.Output)

/// <summary>
/// The variable named by --x — a scalar leaf, or one element of a vector or matrix leaf
/// (<c>w[0]</c>, <c>W[1,0]</c>), parsed as --wrt and --set parse them — or a diagnostic saying
/// why it cannot be the horizontal axis.
/// </summary>
let private leafOf (file: ExpressionFile) (name: string) : Result<string, Diagnostic> =
    match HessianCommand.resolveLeaves "--x" file (fun _ -> true) [ name ] with
    | Error problems -> Error(List.head problems)
    | Ok [ variable ] -> Ok variable
    | Ok variables ->
        let binding = (file.TryFind(HessianCommand.bindingNameOf name)).Value

        Error(
            file.ErrorAt(
                binding,
                $"--x {name}: '{binding.Name}' is {Bound.describe binding.Bound}, and the horizontal axis is one number: name one element, such as --x {List.head variables}"
            )
        )

/// Samples every output over the range, draws the chart and writes the picture.
let run (options: PlotOptions) : int =
    match checkOptions options with
    | Error message ->
        Terminal.reportUsageError message
        ExitCodes.BadInput
    | Ok format ->
        // The first --of (or the last binding) goes through the common input checks; the others are checked here.
        let firstOf = Array.tryHead options.Of

        CommonOptions.withInput options.Path firstOf options.Sets (fun input ->
            let outputs =
                if options.Of.Length = 0 then
                    Ok [ input.Output ]
                else
                    let found =
                        options.Of
                        |> Array.map (fun name -> CommonOptions.outputOf input.File (Some name))

                    match
                        found
                        |> Array.choose (function
                            | Error d -> Some d
                            | Ok _ -> None)
                    with
                    | [||] -> Ok(found |> Array.choose Result.toOption |> List.ofArray |> List.distinctBy _.Name)
                    | errors -> Error(List.ofArray errors)

            match outputs, leafOf input.File options.Leaf with
            | Error errors, _ ->
                Terminal.reportDiagnostics errors
                ExitCodes.BadInput
            | _, Error error ->
                Terminal.reportDiagnostics [ error ]
                ExitCodes.BadInput
            | Ok outputs, Ok leaf ->
                let samples = Sampling.evenly options.From options.To options.Points
                let current = input.LeafValues[leaf]

                let curves =
                    outputs
                    |> List.map (fun output ->
                        let values, derivatives = Sampling.sample output.Expr input.LeafValues leaf samples

                        let atCurrent = Sampling.sample output.Expr input.LeafValues leaf [| current |]

                        {
                            FunctionPlot.Name = output.Name
                            FunctionPlot.Values = values
                            FunctionPlot.Derivatives = derivatives
                            FunctionPlot.AtCurrent = (fst atCurrent)[0], (snd atCurrent)[0]
                        })

                let nonFinite (curve: FunctionPlot.Curve) =
                    Array.append curve.Values curve.Derivatives
                    |> Array.exists (Double.IsFinite >> not)

                for curve in curves do
                    if nonFinite curve then
                        Console.Error.Write(
                            $"{Terminal.ProgramName}: warning: '{curve.Name}' or its derivative is not finite at some samples (inf or nan); they are left out of the picture\n"
                        )

                let plot =
                    FunctionPlot.draw {
                        Leaf = leaf
                        Samples = samples
                        Current = current
                        Curves = curves
                    }

                use _ = plot

                match PictureFile.save plot format options.Output options.Width options.Height with
                | Ok() when options.FailOnNonFinite && List.exists nonFinite curves -> ExitCodes.CheckFailed
                | Ok() -> ExitCodes.Success
                | Error message ->
                    Terminal.reportUsageError message
                    ExitCodes.BadInput)

/// The `plot` command.
let create () =
    let file = CommonOptions.fileArgument ()
    let sets = CommonOptions.setOption ()

    let leaf =
        Option<string>(
            "--x",
            Description = "The leaf on the horizontal axis: the derivative is taken with respect to it.",
            HelpName = "NAME",
            Required = true
        )

    let from =
        Option<float>("--from", Description = "The smallest value of the leaf.", HelpName = "A", Required = true)

    let until =
        Option<float>("--to", Description = "The largest value of the leaf.", HelpName = "B", Required = true)

    let points =
        Option<int>(
            "--points",
            Description = $"How many evenly spaced values of the leaf to evaluate, ends included.",
            HelpName = "N",
            DefaultValueFactory = (fun _ -> DefaultPoints)
        )

    let ofNames =
        Option<string[]>(
            "--of",
            Description =
                "An output to draw with its derivative (repeatable: several curves on one chart). [default: the last binding]",
            HelpName = "NAME",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false
        )

    let output =
        Option<string>(
            "--output",
            "-o",
            Description = "The picture to write; its extension chooses the format: .png or .svg.",
            HelpName = "PATH",
            Required = true
        )

    let width =
        Option<int>(
            "--width",
            Description = "The picture's width in pixels.",
            HelpName = "PIXELS",
            DefaultValueFactory = (fun _ -> 800)
        )

    let height =
        Option<int>(
            "--height",
            Description = "The picture's height in pixels.",
            HelpName = "PIXELS",
            DefaultValueFactory = (fun _ -> 500)
        )

    let command =
        Command(
            "plot",
            "Plot outputs and their derivatives with respect to one leaf over a range of its values, the leaf's current value marked."
        )

    command.Arguments.Add file

    let failOnNonFinite = CommonOptions.failOnNonFiniteOption ()

    for option in
        [
            leaf :> Option
            from
            until
            points
            ofNames
            sets
            output
            width
            height
            failOnNonFinite
        ] do
        command.Options.Add option

    command.SetAction(
        Func<ParseResult, int>(fun parsed ->
            run {
                Path = parsed.GetValue file
                Leaf = parsed.GetValue leaf
                From = parsed.GetValue from
                To = parsed.GetValue until
                Points = parsed.GetValue points
                Of = parsed.GetValue ofNames |> Option.ofObj |> Option.defaultValue [||]
                Sets = parsed.GetValue sets |> Option.ofObj |> Option.defaultValue [||]
                Output = parsed.GetValue output
                Width = parsed.GetValue width
                Height = parsed.GetValue height
                FailOnNonFinite = parsed.GetValue failOnNonFinite
            })
    )

    command
