namespace Backprop.Functional.Learning

open System
open System.Globalization
open System.IO
open System.Text
open Backprop.Functional.Language

/// <summary>
/// Reading and writing classification data as CSV: numeric columns separated by commas, the last
/// column the label (-1/1 or 0/1; 0 is read as -1), an optional header row, blank lines ignored.
/// Quoted cells are not supported: every cell is a number, or a name in the header. Problems are
/// compiler-form diagnostics, <c>FILE:LINE:COL: error: MESSAGE</c> with the offending line and a
/// caret, as the expression files' are; files are read as they are (<c>InputFile</c>).
/// </summary>
[<RequireQualifiedAccess>]
module Csv =

    /// A cell's text and the 1-based column where its text starts.
    [<Struct>]
    type private Cell = { Text: string; Column: int }

    let private cells (line: string) : Cell[] =
        let parts = line.Split ','
        let result = Array.zeroCreate parts.Length
        let mutable start = 0

        for i in 0 .. parts.Length - 1 do
            let part = parts[i]
            let leading = part.Length - part.TrimStart().Length

            result[i] <- {
                Text = part.Trim()
                Column = start + leading + 1
            }

            start <- start + part.Length + 1

        result

    let private tryNumber (text: string) =
        match Double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture) with
        | true, value -> ValueSome value
        | _ -> ValueNone

    /// An error at a cell of a line, showing the line.
    let private at file lineNumber (line: string) column message =
        let position: Position = { Line = lineNumber; Column = column }
        Error(Diagnostic.error file position line message)

    /// The convention the labels seen so far follow.
    type private Labels =
        | Undecided
        | MinusOneOne of line: int
        | ZeroOne of line: int

    let private hasControl (text: string) = text |> Seq.exists Char.IsControl

    /// A cell's text for a message: quoted, cut after 40 characters, characters that would not
    /// show escaped (<c>\u0000</c>).
    let private describe (text: string) =
        let shown =
            if text.Length > 40 then
                text.Substring(0, 40) + "…"
            else
                text

        $"'{Diagnostic.printable shown}'"

    /// <summary>
    /// Parses CSV text into a dataset, or the first problem as a diagnostic about
    /// <paramref name="file"/> (the file as the user named it, <c>&lt;stdin&gt;</c> for standard
    /// input): at the offending cell, with its line, for a row with fewer than two columns, a ragged
    /// row, a cell that is not a finite number, a label that is not -1, 0 or 1, or labels mixing the
    /// -1/1 and 0/1 conventions; at 1:1 with no line for no data rows or a single class.
    /// The first non-blank line is a header when none of its cells is a number. A leading
    /// byte-order mark is not part of the text: columns count from the character after it.
    /// </summary>
    let parse (file: string) (text: string) : Result<Dataset, Diagnostic> =
        let text = if isNull text then "" else text.TrimStart '\uFEFF'
        let lines = text.Split '\n'
        let features = ResizeArray<float[]>()
        let labels = ResizeArray<float>()
        let mutable names = None
        let mutable headerLine = 0
        let mutable width = -1
        let mutable convention = Undecided
        let mutable problem = None
        let mutable index = 0

        let readLabel lineNumber line (cell: Cell) =
            let at = at file lineNumber line

            match tryNumber cell.Text with
            | ValueNone when cell.Text.Length = 0 ->
                at cell.Column "The label is empty; labels are -1 and 1, or 0 and 1."
            | ValueNone ->
                at cell.Column $"The label {describe cell.Text} is not a number; labels are -1 and 1, or 0 and 1."
            | ValueSome -1.0 ->
                match convention with
                | ZeroOne first ->
                    at cell.Column $"The label -1 mixes the -1/1 convention with the 0/1 convention of line {first}."
                | Undecided ->
                    convention <- MinusOneOne lineNumber
                    Ok -1.0
                | MinusOneOne _ -> Ok -1.0
            | ValueSome 0.0 ->
                match convention with
                | MinusOneOne first ->
                    at cell.Column $"The label 0 mixes the 0/1 convention with the -1/1 convention of line {first}."
                | Undecided ->
                    convention <- ZeroOne lineNumber
                    Ok -1.0
                | ZeroOne _ -> Ok -1.0
            | ValueSome 1.0 -> Ok 1.0
            | ValueSome _ -> at cell.Column $"The label {describe cell.Text} must be -1 or 1 (or 0 or 1)."

        let readRow lineNumber (line: string) (row: Cell[]) =
            let at = at file lineNumber line

            if row.Length <> width then
                let column =
                    if row.Length > width then
                        row[width].Column
                    else
                        line.Length + 1

                let first = if names.IsSome then "the header" else "the first row"
                let cellsWord = if row.Length = 1 then "cell" else "cells"
                at column $"This row has {row.Length} {cellsWord}; {first} has {width}."
            else
                let values = Array.zeroCreate (width - 1)
                let mutable bad = None
                let mutable i = 0

                while bad.IsNone && i < width - 1 do
                    let cell = row[i]

                    match tryNumber cell.Text with
                    | ValueSome v when Double.IsFinite v -> values[i] <- v
                    | ValueSome _ -> bad <- Some(at cell.Column $"{describe cell.Text} is not a finite number.")
                    | ValueNone when cell.Text.Length = 0 ->
                        bad <- Some(at cell.Column "The cell is empty; every feature is a number.")
                    | ValueNone -> bad <- Some(at cell.Column $"{describe cell.Text} is not a number.")

                    i <- i + 1

                match bad with
                | Some error -> error
                | None ->
                    readLabel lineNumber line row[width - 1]
                    |> Result.map (fun label -> values, label)

        while problem.IsNone && index < lines.Length do
            let lineNumber = index + 1
            let line = lines[index].TrimEnd '\r'
            index <- index + 1

            if not (String.IsNullOrWhiteSpace line) then
                let row = cells line

                if width < 0 then
                    if row.Length < 2 then
                        problem <-
                            Some(
                                at
                                    file
                                    lineNumber
                                    line
                                    1
                                    "A row needs at least two columns: one or more features, then the label."
                            )
                    else
                        width <- row.Length

                        // A header names its columns: no cell is a number, and none holds control
                        // characters (binary junk is reported as such, not taken for names).
                        if
                            row
                            |> Array.forall (fun c -> (tryNumber c.Text).IsNone && not (hasControl c.Text))
                        then
                            names <- Some [ for c in row -> c.Text.Trim '"' ]
                            headerLine <- lineNumber

                if problem.IsNone && lineNumber <> headerLine then
                    match readRow lineNumber line row with
                    | Ok(values, label) ->
                        features.Add values
                        labels.Add label
                    | Error diagnostic -> problem <- Some(Error diagnostic)

        match problem with
        | Some error -> error
        | None when labels.Count = 0 ->
            let message =
                if names.IsSome then
                    "The file has a header but no data rows."
                else
                    "The file has no data rows."

            Error(Diagnostic.fileError file message)
        | None when labels |> Seq.forall (fun y -> y = labels[0]) ->
            let label =
                match labels[0], convention with
                | 1.0, _ -> "1"
                | _, ZeroOne _ -> "0"
                | _ -> "-1"

            Error(
                Diagnostic.fileError
                    file
                    $"Every row has the label {label}; a classifier needs samples of both classes."
            )
        | None ->
            Ok {
                Names = names
                Features = features.ToArray()
                Labels = labels.ToArray()
            }

    /// <summary>
    /// The largest input <c>load</c> and <c>ofStream</c> read (256 MiB), so that no file can exhaust memory.
    /// </summary>
    [<Literal>]
    let MaxFileBytes = 268_435_456L

    /// UTF-8 bytes as text, then parsed: invalid sequences become U+FFFD and are reported as the
    /// cells that hold them; a byte-order mark is skipped (by <c>parse</c>). Only UTF-8 is read, so
    /// the bytes of a NUL, where <c>InputFile</c> stops reading, are always in a cell reported as
    /// not a number: binary content is refused, never cut short into data.
    let private ofBytes (file: string) (bytes: byte[]) =
        parse file (Encoding.UTF8.GetString bytes)

    /// <summary>
    /// Reads a stream to its end (for example standard input, named <c>&lt;stdin&gt;</c>), up to
    /// <c>MaxFileBytes</c>, and parses it as <c>parse</c> does; <paramref name="file"/> names it in
    /// diagnostics. A read error or a larger input is a diagnostic at 1:1, worded as an
    /// expression file's (<c>InputFile.readStream</c>).
    /// </summary>
    let ofStream (file: string) (stream: Stream) : Result<Dataset, Diagnostic> =
        InputFile.readStream MaxFileBytes file stream |> Result.bind (ofBytes file)

    /// <summary>
    /// Reads and parses the CSV file at <paramref name="path"/> as <c>parse</c> does; diagnostics
    /// name the file as given. A file that cannot be read is a diagnostic at 1:1 worded as an
    /// expression file's (<c>InputFile.readFile</c>): <c>no such file</c>,
    /// <c>this is a directory, not a CSV file</c>, <c>cannot read the file: permission denied</c>,
    /// or larger than <c>MaxFileBytes</c>.
    /// </summary>
    let load (path: string) : Result<Dataset, Diagnostic> =
        InputFile.readFile "a CSV file" MaxFileBytes path |> Result.bind (ofBytes path)

    /// <summary>
    /// The dataset as CSV text: a header (the dataset's names, or <c>x1,…,xN,label</c>), then one
    /// row per sample with numbers in round-trip form and labels -1 or 1; lines end with <c>\n</c>.
    /// </summary>
    let format (data: Dataset) : string =
        let text = StringBuilder()
        let width = Dataset.featureCount data

        let header =
            match data.Names with
            | Some names -> names
            | None -> [ for i in 1..width -> $"x{i}" ] @ [ "label" ]

        text.Append(String.Join(",", header)).Append('\n') |> ignore

        for i in 0 .. data.Labels.Length - 1 do
            for x in data.Features[i] do
                text.Append(x.ToString("R", CultureInfo.InvariantCulture)).Append(',') |> ignore

            text.Append(if data.Labels[i] > 0.0 then "1" else "-1").Append('\n') |> ignore

        text.ToString()
