/// `dotnet backprop eval FILE`: the value of every binding and the gradient of the output with respect to it.
module Backprop.Tool.Commands.EvalCommand

open System
open System.CommandLine
open Backprop.Functional.Language
open Backprop.Tool
open Backprop.Tool.Output

/// The formats of `eval --format`; the first is the default.
let formats = [ "table"; "json"; "csv"; "markdown" ]

/// The parsed command line of `eval`.
type EvalOptions = {
    Path: string
    Of: string option
    Sets: string[]
    Format: string
    /// `--digits`: significant digits of table and markdown numbers.
    Digits: int
    FailOnNonFinite: bool
}

/// Evaluates the file and writes the result in the chosen format; warns about the first non-finite number.
let run (options: EvalOptions) : int =
    CommonOptions.withValuesInput options.Path options.Of options.Sets (fun input ->
        let result = Evaluation.run input.File input.Output input.LeafValues

        match options.Format with
        | "json" ->
            use stdout = Console.OpenStandardOutput()
            Json.writeEvaluation stdout result
        | format ->
            use writer = Terminal.openStandardOutput ()
            let number = NumberOptions.numberWith options.Digits

            match format with
            | "csv" -> Csv.writeEvaluation writer result
            | "markdown" -> Markdown.writeEvaluation writer number result
            | _ -> Table.writeEvaluation writer (Terminal.Styles(Terminal.useColour ())) number result

        Terminal.reportDiagnostics (Evaluation.outputWarnings input.File input.Output false)

        CommonOptions.finishWithWarnings
            options.FailOnNonFinite
            (Option.toList (Evaluation.nonFiniteWarning input.File result))
            ExitCodes.Success)

/// The `eval` command.
let create () =
    let file = CommonOptions.fileArgument ()
    let ofName = CommonOptions.ofOption ()
    let sets = CommonOptions.setOption ()
    let format = CommonOptions.formatOption formats
    let digits = NumberOptions.digitsOption ()
    let failOnNonFinite = CommonOptions.failOnNonFiniteOption ()

    let command =
        Command(
            "eval",
            "Evaluate the file: for every binding, in file order, its value and the gradient of the output with respect to it."
        )

    command.Arguments.Add file
    command.Options.Add ofName
    command.Options.Add sets
    command.Options.Add format
    command.Options.Add digits
    command.Options.Add failOnNonFinite

    command.SetAction(
        Func<ParseResult, int>(fun parsed ->
            run {
                Path = parsed.GetValue file
                Of = Option.ofObj (parsed.GetValue ofName)
                Sets = parsed.GetValue sets |> Option.ofObj |> Option.defaultValue [||]
                Format = parsed.GetValue format
                Digits = parsed.GetValue digits
                FailOnNonFinite = parsed.GetValue failOnNonFinite
            })
    )

    command
