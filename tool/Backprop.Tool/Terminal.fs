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

/// Writes diagnostics to standard error in the compiler form, coloured on a terminal.
let reportDiagnostics (diagnostics: Diagnostic seq) =
    let error = Console.Error
    let colour = useColourOnStandardError ()

    for d in diagnostics do
        let text = Diagnostic.render d
        error.Write(if colour then coloured text else text)

    error.Flush()

/// Writes a usage error (no file involved) to standard error.
let reportUsageError (message: string) =
    let word =
        if useColourOnStandardError () then
            severity "error"
        else
            "error"

    Console.Error.Write($"{ProgramName}: {word}: {Diagnostic.printable message}\n")
