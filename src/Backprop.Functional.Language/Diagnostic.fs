namespace Backprop.Functional.Language

open System
open System.Text

/// How serious a diagnostic is.
[<RequireQualifiedAccess>]
type Severity =
    /// The input is rejected.
    | Error
    /// The input was processed, but something in the result deserves attention.
    | Warning
    /// Extra information attached to another diagnostic.
    | Note

/// <summary>
/// A message about a place in a source file, printed in the compiler form
/// <c>FILE:LINE:COL: error: MESSAGE</c> followed by the offending line and a caret under the column,
/// so that editors and CI systems can annotate it.
/// </summary>
type Diagnostic = {
    /// The file as the user named it (<c>&lt;stdin&gt;</c> for standard input).
    File: string
    /// Where the problem is. Problems of the whole file (it is missing, empty, …) point at 1:1.
    Position: Position
    /// Error, warning or note.
    Severity: Severity
    /// What is wrong, in one sentence.
    Message: string
    /// The text of the offending line, shown under the message with a caret; absent when the
    /// problem has no line to show (a missing file, an option on the command line).
    SourceLine: string option
    /// Further diagnostics that belong to this one, such as the first binding of a name bound twice.
    Related: Diagnostic list
}

/// Builds and prints diagnostics.
[<RequireQualifiedAccess>]
module Diagnostic =

    /// Lines longer than this are shown as a window around the column.
    let private excerptWidth = 160

    /// An error about the file as a whole, with no line to show.
    let fileError (file: string) (message: string) = {
        File = file
        Position = Position.Start
        Severity = Severity.Error
        Message = message
        SourceLine = None
        Related = []
    }

    /// An error at a position, showing the given line.
    let error (file: string) (position: Position) (sourceLine: string) (message: string) = {
        File = file
        Position = position
        Severity = Severity.Error
        Message = message
        SourceLine = Some sourceLine
        Related = []
    }

    let private severityText =
        function
        | Severity.Error -> "error"
        | Severity.Warning -> "warning"
        | Severity.Note -> "note"

    /// The part of a long line around the column, and the column within that part.
    let private excerpt (line: string) (column: int) =
        if line.Length <= excerptWidth then
            line, column
        else
            let half = excerptWidth / 2
            let start = Math.Clamp(column - 1 - half, 0, line.Length - excerptWidth)
            let prefix = if start > 0 then "…" else ""
            let suffix = if start + excerptWidth < line.Length then "…" else ""
            prefix + line.Substring(start, excerptWidth) + suffix, column - start + prefix.Length

    /// <summary>
    /// The text with every character that does not show as itself escaped as <c>\uXXXX</c>:
    /// control characters, format characters (U+200B zero-width space, U+202E right-to-left
    /// override, a byte-order mark U+FEFF), line and paragraph separators and lone surrogates. A
    /// name in a message then reads as what was typed, not as what a terminal makes of it.
    /// </summary>
    let printable (text: string) =
        let invisible (c: char) =
            match Char.GetUnicodeCategory c with
            | Globalization.UnicodeCategory.Control
            | Globalization.UnicodeCategory.Format
            | Globalization.UnicodeCategory.LineSeparator
            | Globalization.UnicodeCategory.ParagraphSeparator
            | Globalization.UnicodeCategory.Surrogate -> true
            | _ -> false

        if text |> Seq.exists invisible then
            let escaped = StringBuilder(text.Length + 8)

            for c in text do
                if invisible c then
                    escaped.Append($"\\u{int c:X4}") |> ignore
                else
                    escaped.Append c |> ignore

            escaped.ToString()
        else
            text

    let private appendOne (text: StringBuilder) (d: Diagnostic) =
        let header =
            $"{d.File}:{d.Position.Line}:{d.Position.Column}: {severityText d.Severity}: {d.Message}"

        text.Append(printable header).Append('\n') |> ignore

        match d.SourceLine with
        | None -> ()
        | Some line ->
            let shown, column = excerpt line d.Position.Column
            text.Append(shown).Append('\n') |> ignore
            // Tabs are copied into the caret line so that the caret lines up in any tab width.
            for i in 0 .. Math.Min(column - 1, shown.Length) - 1 do
                text.Append(if shown[i] = '\t' then '\t' else ' ') |> ignore

            text.Append("^\n") |> ignore

    /// <summary>The diagnostic and its related notes as text, one <c>\n</c>-terminated line each.</summary>
    let render (d: Diagnostic) : string =
        let text = StringBuilder()
        appendOne text d

        for related in d.Related do
            appendOne text related

        text.ToString()
