/// Where output goes and how it looks: standard output, standard error and colour.
module Backprop.Tool.Terminal

open System
open System.IO
open System.Text
open Backprop.Functional.Language

/// How usage errors and internal errors name the program.
[<Literal>]
let ProgramName = "dotnet backprop"

/// <summary>
/// <c>--color auto|always|never</c>: auto (the default) colours a stream only when it is a terminal
/// and NO_COLOR is unset or empty (the NO_COLOR convention).
/// </summary>
type ColourChoice =
    | Auto
    | Always
    | Never

/// The choice of this run, set once from the command line before a command runs.
let mutable colourChoice = Auto

let private colourFor (redirected: bool) =
    match colourChoice with
    | Always -> true
    | Never -> false
    | Auto ->
        not redirected
        && String.IsNullOrEmpty(Environment.GetEnvironmentVariable "NO_COLOR")

/// Whether standard output is coloured.
let useColour () = colourFor Console.IsOutputRedirected

/// Whether standard error (diagnostics) is coloured.
let useColourOnStandardError () = colourFor Console.IsErrorRedirected

/// ANSI styles that are the identity when colour is off.
type Styles(enabled: bool) =
    let wrap (code: string) (text: string) =
        if enabled then $"\u001b[{code}m{text}\u001b[0m" else text

    /// Bold text, for headers and the output row.
    member _.Bold text = wrap "1" text
    /// Cyan text, for leaves.
    member _.Leaf text = wrap "36" text
    /// Red text, for failures and non-finite numbers.
    member _.Bad text = wrap "31" text
    /// Green text, for passes.
    member _.Good text = wrap "32" text

/// Standard output as a buffered UTF-8 writer with "\n" line endings on every platform;
/// flush it (or dispose it) when done.
let openStandardOutput () =
    let writer =
        new StreamWriter(Console.OpenStandardOutput(), UTF8Encoding false, 65536)

    writer.NewLine <- "\n"
    writer

/// The severity word coloured as gcc colours it: error red, warning magenta, note cyan, all bold.
let private severity (word: string) =
    match word with
    | "error" -> $"\u001b[1;31m{word}\u001b[0m"
    | "warning" -> $"\u001b[1;35m{word}\u001b[0m"
    | _ -> $"\u001b[1;36m{word}\u001b[0m"

let private diagnosticLine =
    RegularExpressions.Regex(@"^(?<where>.*?:[0-9]+:[0-9]+:) (?<severity>error|warning|note):")

/// A rendered diagnostic in colour: the place bold, the severity in its colour, the caret green.
let private coloured (rendered: string) =
    rendered.Split('\n')
    |> Array.map (fun line ->
        let m = diagnosticLine.Match line

        if m.Success then
            let rest = line.Substring m.Length
            let where = m.Groups["where"].Value
            let word = severity m.Groups["severity"].Value
            $"\u001b[1m{where}\u001b[0m {word}:{rest}"
        elif line.Length > 0 && line.TrimStart(' ', '\t') = "^" then
            line.Replace("^", "\u001b[1;32m^\u001b[0m")
        else
            line)
    |> String.concat "\n"

/// <summary>
/// Whether a diagnostic is about the file as a whole or an option rather than a place in the
/// file's text: the library puts those at 1:1 with no line to show (a missing file, an empty one,
/// <c>--of</c> naming nothing). A position there would be invented, so they are not written as
/// <c>FILE:1:1:</c>.
/// </summary>
let hasNoPosition (d: Diagnostic) =
    d.SourceLine.IsNone && d.Position = Position.Start

let private severityWord =
    function
    | Severity.Error -> "error"
    | Severity.Warning -> "warning"
    | Severity.Note -> "note"

/// A path as the user gave it, with the characters that would not show as themselves escaped.
let printablePath (path: string) = Diagnostic.printable path

/// <c>dotnet backprop: WORD: MESSAGE</c>, the severity word coloured on a terminal.
let private reportWithoutPosition (word: string) (message: string) =
    let word = if useColourOnStandardError () then severity word else word

    Console.Error.Write($"{ProgramName}: {word}: {Diagnostic.printable message}\n")

/// <summary>
/// Writes diagnostics to standard error, coloured on a terminal: one at a place in a file in the
/// compiler form <c>FILE:LINE:COL: error: MESSAGE</c> with the line and a caret; one about a
/// whole file or an option (<c>hasNoPosition</c>) as <c>dotnet backprop: error: FILE: MESSAGE</c>.
/// </summary>
let reportDiagnostics (diagnostics: Diagnostic seq) =
    let error = Console.Error
    let colour = useColourOnStandardError ()

    let rec report (d: Diagnostic) =
        if hasNoPosition d then
            let message =
                if String.IsNullOrEmpty d.File then
                    d.Message
                else
                    $"{d.File}: {d.Message}"

            reportWithoutPosition (severityWord d.Severity) message
            d.Related |> List.iter report
        else
            let text = Diagnostic.render { d with Related = [] }
            error.Write(if colour then coloured text else text)
            d.Related |> List.iter report

    for d in diagnostics do
        report d

    error.Flush()

/// Writes a usage error (no file involved) to standard error.
let reportUsageError (message: string) = reportWithoutPosition "error" message
