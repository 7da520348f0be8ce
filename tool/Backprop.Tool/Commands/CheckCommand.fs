/// `dotnet backprop check FILE`: analytic gradients of every leaf against central differences.
module Backprop.Tool.Commands.CheckCommand

open System
open System.CommandLine
open Backprop.Functional
open Backprop.Functional.Language
open Backprop.Tool
open Backprop.Tool.Output

/// The parsed command line of `check`.
type CheckOptions = {
    Path: string
    Of: string option
    Sets: string[]
    Format: string
    Tolerance: float
    Step: float
}

/// Checks every leaf; exit 1 when any is outside the tolerance.
let run (options: CheckOptions) : int =
    CommonOptions.withInput options.Path options.Of options.Sets (fun input ->
        let settings = {
            NumericCheck.defaults with
                Step = options.Step
                Tolerance = options.Tolerance
        }

        let result = GradientCheck.run input.File input.Output input.LeafValues settings

        match options.Format with
        | "json" ->
            use stdout = Console.OpenStandardOutput()
            Json.writeCheck stdout result
        | _ ->
            use writer = Terminal.openStandardOutput ()
            Table.writeCheck writer (Terminal.Styles(Terminal.useColour ())) result

        if result.Ok then
            ExitCodes.Success
        else
            ExitCodes.CheckFailed)

/// Refuses a value that parses but is not a positive finite number (System.CommandLine reports one that does not parse).
let private positive (name: string) (option: Option<float>) =
    option.Validators.Add(fun result ->
        for token in result.Tokens do
            match Overrides.tryParseNumber token.Value with
            | Some value when not (Double.IsFinite value) || value <= 0.0 ->
                result.AddError $"{name} must be a positive number, got '{token.Value}'."
            | _ -> ())

/// The `check` command.
let create () =
    let file = CommonOptions.fileArgument ()
    let ofName = CommonOptions.ofOption ()
    let sets = CommonOptions.setOption ()
    let format = CommonOptions.formatOption [ "table"; "json" ]

    let tolerance =
        Option<float>(
            "--tolerance",
            Description =
                $"Relative-or-absolute tolerance: a leaf passes when |a-n| <= T * max(1, |a|, |n|). [default: {NumberText.roundTrip NumericCheck.defaults.Tolerance}]",
            HelpName = "T"
        )

    let step =
        Option<float>(
            "--step",
            Description =
                $"Step h of the central differences (f(x+h) - f(x-h)) / 2h. [default: {NumberText.roundTrip NumericCheck.defaults.Step}]",
            HelpName = "H"
        )

    positive "--tolerance" tolerance
    positive "--step" step

    let command =
        Command(
            "check",
            "Compare every leaf's analytic gradient with a central-difference numeric gradient; exit 1 when any is outside the tolerance."
        )

    command.Arguments.Add file

    for option in [ ofName :> Option; sets; format; tolerance; step ] do
        command.Options.Add option

    command.SetAction(
        Func<ParseResult, int>(fun parsed ->
            // The defaults are applied here rather than by DefaultValueFactory, whose help text
            // would print them as .NET formats doubles (1E-06).
            let valueOr (fallback: float) (option: Option<float>) =
                match parsed.GetResult option with
                | null -> fallback
                | _ -> parsed.GetValue option

            run {
                Path = parsed.GetValue file
                Of = Option.ofObj (parsed.GetValue ofName)
                Sets = parsed.GetValue sets |> Option.ofObj |> Option.defaultValue [||]
                Format = parsed.GetValue format
                Tolerance = valueOr NumericCheck.defaults.Tolerance tolerance
                Step = valueOr NumericCheck.defaults.Step step
            })
    )

    command
