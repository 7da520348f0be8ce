/// Where output goes and how it looks: standard output, standard error and colour.
module Backprop.Tool.Terminal

open System
open System.IO
open System.Text
open Backprop.Functional.Language

/// How usage errors and internal errors name the program.
[<Literal>]
let ProgramName = "dotnet backprop"

/// Colour only when standard output is a terminal and NO_COLOR is unset or empty (the NO_COLOR convention).
let useColour () =
    not Console.IsOutputRedirected
    && String.IsNullOrEmpty(Environment.GetEnvironmentVariable "NO_COLOR")

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

/// Writes diagnostics to standard error in the compiler form.
let reportDiagnostics (diagnostics: Diagnostic seq) =
    let error = Console.Error

    for d in diagnostics do
        error.Write(Diagnostic.render d)

    error.Flush()

/// Writes a usage error (no file involved) to standard error.
let reportUsageError (message: string) =
    Console.Error.Write($"{ProgramName}: error: {Diagnostic.printable message}\n")
