/// The options several commands share, and the one way every command reads its input.
module Backprop.Tool.CommonOptions

open System
open System.Collections.Generic
open System.CommandLine
open Backprop.Functional.Language

/// The expression file argument; `-` reads standard input.
let fileArgument () =
    Argument<string>("FILE", Description = "The expression file (.bp) to read; - reads standard input.")

/// `--of NAME`: the binding whose gradient is taken.
let ofOption () =
    Option<string>("--of", Description = "Take the gradient of NAME instead of the last binding.", HelpName = "NAME")

/// `--set NAME=VALUE`, repeatable: override a leaf's value.
let setOption () =
    Option<string[]>(
        "--set",
        Description = "Override the value of the leaf NAME (repeatable).",
        HelpName = "NAME=VALUE",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false
    )

/// <summary>
/// The output binding (`--of NAME`, else the last), its diagnostics in the words of the command
/// line: the library says what is wrong, the tool adds `--of NAME: ` and how to name another output.
/// </summary>
let outputOf (file: ExpressionFile) (ofName: string option) : Result<Binding, Diagnostic> =
    Evaluation.output file ofName
    |> Result.mapError (fun d ->
        let message =
            if d.Message.EndsWith "or name a scalar output" then
                d.Message + " with --of"
            else
                d.Message

        match ofName with
        | Some name -> {
            d with
                Message = $"--of {name}: {message}"
          }
        | None -> { d with Message = message })

/// A `--set NAME=VALUE` diagnostic in the words of the command line: the library writes a
/// suggested setting as `NAME=VALUE` at the end of its message; here it is `--set NAME=VALUE`.
let private onCommandLine (spec: string) (d: Diagnostic) =
    let suggestion = d.Message.LastIndexOf " as "

    let message =
        if suggestion >= 0 && d.Message.EndsWith "=VALUE" then
            d.Message.Insert(suggestion + " as ".Length, "--set ")
        else
            d.Message

    {
        d with
            Message = $"--set {spec}: {message}"
    }

/// <summary>
/// The value of every leaf with the `--set` overrides applied, or a diagnostic for every bad one,
/// starting with the `--set NAME=VALUE` it is about.
/// </summary>
let leafValuesOf (file: ExpressionFile) (sets: string[]) : Result<IReadOnlyDictionary<string, float>, Diagnostic list> =
    let problems = [
        for spec in sets do
            match Overrides.parse file spec with
            | Error d -> onCommandLine spec d
            | Ok _ -> ()
    ]

    if problems.IsEmpty then
        Overrides.leafValues file sets
    else
        Error problems

/// `--fail-on-nonfinite`: exit 1 when a value or gradient is infinite or NaN, for CI jobs.
let failOnNonFiniteOption () =
    Option<bool>(
        "--fail-on-nonfinite",
        Description = "Exit with 1 when a value or a gradient is inf or nan (the warning says where it starts)."
    )

/// <summary>
/// Writes the warning about non-finite numbers, if there is one, and gives the exit code: the
/// command's own, or 1 (a check the user asked for failed) when there is a warning and
/// `--fail-on-nonfinite` was given and the command otherwise succeeded.
/// </summary>
let finishWithWarnings (failOnNonFinite: bool) (warnings: Diagnostic list) (exitCode: int) : int =
    Terminal.reportDiagnostics warnings

    if failOnNonFinite && not warnings.IsEmpty && exitCode = ExitCodes.Success then
        ExitCodes.CheckFailed
    else
        exitCode

/// `--format`, restricted to the given formats, with the first as the default.
let formatOption (formats: string list) =
    let option =
        Option<string>(
            "--format",
            Description = $"""Output format: {String.concat ", " formats}.""",
            HelpName = "FORMAT",
            DefaultValueFactory = (fun _ -> List.head formats)
        )

    option.AcceptOnlyFromAmong(Array.ofList formats) |> ignore
    option

/// What every command works on: the bound file, the output binding and the value of every leaf.
type Input = {
    /// The parsed and bound file.
    File: ExpressionFile
    /// The binding whose gradient is taken.
    Output: Binding
    /// The value of every leaf, with the overrides applied.
    LeafValues: IReadOnlyDictionary<string, float>
}

/// Reads the file (or standard input for `-`), picks the output with `pick` and applies the overrides.
let private readInputWith
    (pick: ExpressionFile -> string option -> Result<Binding, Diagnostic>)
    (path: string)
    (ofName: string option)
    (sets: string[])
    : Result<Input, Diagnostic list> =
    let file =
        if path = "-" then
            ExpressionFile.ofStream ExpressionFile.StandardInputName (Console.OpenStandardInput())
        else
            ExpressionFile.load path

    file
    |> Result.bind (fun file ->
        let output = pick file ofName |> Result.mapError List.singleton
        let values = leafValuesOf file sets

        match output, values with
        | Ok output, Ok values ->
            Ok {
                File = file
                Output = output
                LeafValues = values
            }
        | Error a, Error b -> Error(a @ b)
        | Error a, _
        | _, Error a -> Error a)

/// Reads the file (or standard input for `-`), picks the scalar output and applies the overrides.
let readInput (path: string) (ofName: string option) (sets: string[]) : Result<Input, Diagnostic list> =
    readInputWith outputOf path ofName sets

let private runOn (input: Result<Input, Diagnostic list>) (body: Input -> int) =
    match input with
    | Ok input -> body input
    | Error diagnostics ->
        Terminal.reportDiagnostics diagnostics
        ExitCodes.BadInput

/// Runs a command body on the input, or reports the input's diagnostics and exits 2.
let withInput (path: string) (ofName: string option) (sets: string[]) (body: Input -> int) : int =
    runOn (readInput path ofName sets) body

/// <summary>
/// <c>withInput</c> for a command that also evaluates a vector or matrix output (values only):
/// the last binding may be one; <c>--of</c> still names a scalar.
/// </summary>
let withValuesInput (path: string) (ofName: string option) (sets: string[]) (body: Input -> int) : int =
    let pick file name =
        match name with
        | None -> Evaluation.outputOrTensor file None
        | Some _ -> outputOf file name

    runOn (readInputWith pick path ofName sets) body

/// <summary>
/// <c>a,b,W[1,0]</c>: the names, split at commas outside brackets, or an error for an empty name.
/// <paramref name="option"/> names the option in the message, <paramref name="what"/> what the names are.
/// </summary>
let parseNames (option: string) (what: string) (text: string) : Result<string list, string> =
    let names = ResizeArray<string>()
    let mutable depth = 0
    let mutable start = 0

    for i in 0 .. text.Length - 1 do
        match text[i] with
        | '[' -> depth <- depth + 1
        | ']' -> depth <- depth - 1
        | ',' when depth = 0 ->
            names.Add(text.Substring(start, i - start).Trim())
            start <- i + 1
        | _ -> ()

    names.Add(text.Substring(start).Trim())

    if names |> Seq.exists String.IsNullOrEmpty then
        Error $"{option} '{text}': expected {what} separated by commas, such as a,b or w,W[1,0]"
    else
        Ok(List.ofSeq names)
