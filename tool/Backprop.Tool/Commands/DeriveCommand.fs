/// `dotnet backprop derive FILE`: the derivatives of the output written as a runnable `.bp` file.
module Backprop.Tool.Commands.DeriveCommand

open System
open System.CommandLine
open System.IO
open System.Text
open Backprop.Functional
open Backprop.Functional.Language
open Backprop.Tool

/// The parsed command line of `derive`.
type DeriveOptions = {
    Path: string
    Of: string option
    /// The names given to --wrt, in order; empty means every leaf of the file.
    Wrt: string list
    /// 1: first derivatives; 2: first and second.
    Order: int
    /// The file to write instead of standard output.
    Output: string option
    /// The language to write: a runnable .bp file, or F#, C# or LaTeX.
    Format: string
}

/// The derivatives to write: first ones in --wrt order, then (order 2) the second ones, row-major.
let private derivatives (output: string) (root: Expr) (wrt: string list) (order: int) : DerivedBinding list =
    let first = Derivative.gradient wrt root

    [
        for leaf, d in List.zip wrt first -> DerivedFile.first output leaf d
        if order = 2 then
            // The gradient differentiated again, as Derivative.hessian does, so that the second
            // derivatives share the first ones' nodes.
            for a, d in List.zip wrt first do
                for b, second in List.zip wrt (Derivative.gradient wrt d) -> DerivedFile.second output a b second
    ]

/// Writes the derived file to standard output or --output.
let run (options: DeriveOptions) : int =
    CommonOptions.withInput options.Path options.Of [||] (fun input ->
        let root = input.Output.Expr
        let file = input.File

        let wrt =
            match HessianCommand.resolveWrt file (fun _ -> true) options.Wrt with
            | Error problems -> Error problems
            | Ok [] ->
                Error [
                    file.ErrorAt(
                        input.Output,
                        $"the file has no leaf to differentiate '{input.Output.Name}' with respect to (a leaf is NAME = NUMBER or NAME = [NUMBERS])"
                    )
                ]
            | Ok wrt when options.Order = 2 ->
                let nodes = (Graph.ofExpr root).Count

                match
                    HessianCommand.checkSize file input.Output "Hessian" wrt.Length wrt.Length (wrt.Length + 1) nodes
                with
                | Some problem -> Error [ problem ]
                | None -> Ok wrt
            | Ok wrt -> Ok wrt

        let text =
            wrt
            |> Result.bind (fun wrt ->
                let orderText =
                    if options.Order = 2 then
                        "first and second derivatives"
                    else
                        "derivatives"

                let comment =
                    $"# {orderText} of {input.Output.Name}, written by dotnet backprop derive"

                let derived = derivatives input.Output.Name root wrt options.Order

                match options.Format with
                | "fsharp" -> DerivedCode.write CodeLanguage.FSharp file input.Output derived
                | "csharp" -> DerivedCode.write CodeLanguage.CSharp file input.Output derived
                | "latex" -> DerivedCode.write CodeLanguage.Latex file input.Output derived
                | _ -> DerivedFile.write file comment derived
                |> Result.mapError List.singleton)

        match text with
        | Error problems ->
            Terminal.reportDiagnostics problems
            ExitCodes.BadInput
        | Ok text ->
            match options.Output with
            | Some path ->
                match
                    AtomicFile.write "--output" path (fun temporary ->
                        File.WriteAllText(temporary, text, UTF8Encoding false))
                with
                | Ok() -> ExitCodes.Success
                | Error message ->
                    Terminal.reportUsageError message
                    ExitCodes.BadInput
            | None ->
                use writer = Terminal.openStandardOutput ()
                writer.Write text
                ExitCodes.Success)

/// The `derive` command.
let create () =
    let file = CommonOptions.fileArgument ()
    let ofName = CommonOptions.ofOption ()
    let wrt = HessianCommand.wrtOption "every leaf of the file, in file order"

    let order =
        Option<string>(
            "--order",
            Description = "1: the first derivatives; 2: also the second derivatives. [default: 1]",
            HelpName = "N"
        )

    order.Validators.Add(fun result ->
        for token in result.Tokens do
            match token.Value with
            | "1"
            | "2" -> ()
            | _ -> result.AddError $"--order must be 1 or 2, got '{token.Value}'.")

    let output =
        Option<string>(
            "--output",
            "-o",
            Description = "Write the derived file to PATH instead of standard output; written completely or not at all.",
            HelpName = "PATH"
        )

    let format = CommonOptions.formatOption [ "bp"; "fsharp"; "csharp"; "latex" ]

    let command =
        Command(
            "derive",
            "Write the derivatives of the output as a runnable .bp file: the file's lines, then a binding dOUT_dLEAF per leaf, sharing kept."
        )

    command.Arguments.Add file

    for option in [ wrt :> Option; ofName; order; format; output ] do
        command.Options.Add option

    command.SetAction(
        Func<ParseResult, int>(fun parsed ->
            run {
                Path = parsed.GetValue file
                Of = Option.ofObj (parsed.GetValue ofName)
                Wrt = HessianCommand.namesOf "--wrt" (parsed.GetValue wrt)
                Order =
                    match parsed.GetValue order with
                    | "2" -> 2
                    | _ -> 1
                Output = Option.ofObj (parsed.GetValue output)
                Format = parsed.GetValue format
            })
    )

    command
