/// Reading a classification CSV for `train`, with its problems as compiler-form diagnostics.
module Backprop.Tool.DataInput

open System
open System.IO
open System.Text
open Backprop.Functional.Learning
open Backprop.Functional.Language

/// The name standard input has in diagnostics.
let private standardInputName = ExpressionFile.StandardInputName

/// Line <paramref name="number"/> (1-based) of a text, or None past its end.
let private lineOf (lines: string seq) (number: int) =
    lines |> Seq.skip (number - 1) |> Seq.tryHead |> Option.map _.TrimEnd('\r')

/// Reads standard input as UTF-8, refusing more than Csv.MaxFileBytes so that it cannot exhaust memory.
let private readStandardInput () : Result<string, string> =
    use input = Console.OpenStandardInput()
    use buffer = new MemoryStream()
    let chunk = Array.zeroCreate<byte> 65536
    let mutable total = 0L
    let mutable read = input.Read(chunk, 0, chunk.Length)

    while read > 0 && total <= Csv.MaxFileBytes do
        buffer.Write(chunk, 0, read)
        total <- total + int64 read
        read <- input.Read(chunk, 0, chunk.Length)

    if total > Csv.MaxFileBytes then
        Error $"Standard input holds more than {Csv.MaxFileBytes} bytes; at most {Csv.MaxFileBytes} are read."
    else
        Ok(UTF8Encoding(false).GetString(buffer.GetBuffer(), 0, int buffer.Length))

/// <summary>
/// The dataset in <paramref name="path"/> (<c>-</c> reads standard input), or its first problem as a
/// diagnostic: at the offending line and column with the line shown, or at 1:1 for the whole file.
/// </summary>
let load (path: string) : Result<Dataset, Diagnostic> =
    let name, result, lines =
        if path = "-" then
            match readStandardInput () with
            | Ok text -> standardInputName, Csv.parse text, (fun () -> text.Split '\n' :> string seq)
            | Error message ->
                standardInputName,
                Error {
                    Line = 0
                    Column = 0
                    Message = message
                },
                (fun () -> Seq.empty)
        else
            path, Csv.load path, (fun () -> File.ReadLines path)

    result
    |> Result.mapError (fun problem ->
        let source =
            if problem.Line > 0 then
                try
                    lineOf (lines ()) problem.Line
                with
                | :? IOException
                | :? UnauthorizedAccessException -> None
            else
                None

        match source with
        | Some line ->
            // A BOM at the start of the file is not part of the text the columns count.
            let line = if problem.Line = 1 then line.TrimStart '\uFEFF' else line

            Diagnostic.error
                name
                {
                    Line = problem.Line
                    Column = Math.Max(1, problem.Column)
                }
                line
                problem.Message
        | None -> Diagnostic.fileError name problem.Message)
