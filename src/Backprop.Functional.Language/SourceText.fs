namespace Backprop.Functional.Language

open System
open System.Buffers
open System.Text

/// <summary>
/// The validated text of an expression file, split into lines. The text is kept whole, with the
/// offset of each line, so memory stays proportional to the file whatever its number of lines.
/// </summary>
[<Sealed>]
type SourceText internal (file: string, text: string, lineStarts: int[], lineEnds: int[]) =

    /// The file as the user named it.
    member _.File = file

    /// The number of lines.
    member _.LineCount = lineStarts.Length

    /// The whole text.
    member _.Text = text

    /// <summary>The offset in <see cref="P:Backprop.Functional.Language.SourceText.Text"/> where a 1-based line starts.</summary>
    member _.LineStart(line: int) = lineStarts[line - 1]

    /// The length of a 1-based line, without its line ending.
    member _.LineLength(line: int) =
        lineEnds[line - 1] - lineStarts[line - 1]

    /// The text of a 1-based line, without its line ending.
    member this.Line(line: int) =
        text.Substring(lineStarts[line - 1], this.LineLength line)

/// Reads and validates the text of expression files.
[<RequireQualifiedAccess>]
module SourceText =

    /// <summary>
    /// The longest line accepted, in characters (1 MiB). A longer line is refused with a clear error
    /// rather than parsed: no real model needs one, and refusing keeps error excerpts readable.
    /// </summary>
    [<Literal>]
    let MaxLineLength = 1_048_576

    let private utf8BomLength (bytes: ReadOnlySpan<byte>) =
        if bytes.Length >= 3 && bytes[0] = 0xEFuy && bytes[1] = 0xBBuy && bytes[2] = 0xBFuy then
            3
        else
            0

    /// The first byte that makes the content not UTF-8 text (a NUL byte or an invalid sequence),
    /// with its line and column; a single pass with no allocation.
    let private findInvalidByte (bytes: ReadOnlySpan<byte>) : (Position * string) option =
        let mutable i = 0
        let mutable line = 1
        let mutable column = 1
        let mutable problem = None

        while problem.IsNone && i < bytes.Length do
            let b = bytes[i]

            if b = 0uy then
                problem <-
                    Some(
                        { Line = line; Column = column },
                        "the file is not text: it contains a NUL byte (binary content?)"
                    )
            elif b = byte '\n' then
                line <- line + 1
                column <- 1
                i <- i + 1
            elif b < 0x80uy then
                column <- column + 1
                i <- i + 1
            else
                let mutable rune = Rune()
                let mutable consumed = 0

                match Rune.DecodeFromUtf8(bytes.Slice i, &rune, &consumed) with
                | OperationStatus.Done ->
                    column <- column + rune.Utf16SequenceLength
                    i <- i + consumed
                | _ ->
                    problem <-
                        Some(
                            { Line = line; Column = column },
                            $"the file is not valid UTF-8 text (binary content?): byte 0x{b:X2} at offset {i} does not start a valid character"
                        )

        problem

    let private splitLines (file: string) (text: string) : Result<SourceText, Diagnostic> =
        let starts = ResizeArray<int>()
        let ends = ResizeArray<int>()
        let mutable start = 0
        let mutable tooLong = None

        let addLine (endExclusive: int) =
            // "\r\n" endings: the '\r' belongs to the line ending, not to the line.
            let e =
                if endExclusive > start && text[endExclusive - 1] = '\r' then
                    endExclusive - 1
                else
                    endExclusive

            starts.Add start
            ends.Add e

            if tooLong.IsNone && e - start > MaxLineLength then
                tooLong <- Some(starts.Count, e - start)

        let mutable newline = text.IndexOf '\n'

        while newline >= 0 do
            addLine newline
            start <- newline + 1
            newline <- text.IndexOf('\n', start)

        // The last line, unless the text ends with a line ending.
        if start < text.Length then
            addLine text.Length

        let source = SourceText(file, text, starts.ToArray(), ends.ToArray())

        match tooLong with
        | None -> Ok source
        | Some(line, length) ->
            Error(
                Diagnostic.error
                    file
                    {
                        Line = line
                        Column = MaxLineLength + 1
                    }
                    (source.Line line)
                    $"line {line} is {length:N0} characters long; the limit is {MaxLineLength:N0} characters per line"
            )

    /// <summary>Validates text already decoded (for example an editor buffer or a test) and splits it into lines.</summary>
    let ofString (file: string) (text: string) : Result<SourceText, Diagnostic> =
        if text.IndexOf '\000' >= 0 then
            Error(Diagnostic.fileError file "the file is not text: it contains a NUL character (binary content?)")
        else
            splitLines file text

    /// <summary>
    /// Decodes UTF-8 bytes (a leading byte-order mark is skipped) and splits them into lines.
    /// Binary content and invalid UTF-8 are refused with the line and column of the first bad byte.
    /// O(bytes) time and memory.
    /// </summary>
    let ofBytes (file: string) (bytes: byte[]) : Result<SourceText, Diagnostic> =
        let bom = utf8BomLength (ReadOnlySpan bytes)
        let content = ReadOnlySpan(bytes, bom, bytes.Length - bom)

        match findInvalidByte content with
        | Some(position, message) ->
            Error {
                Diagnostic.fileError file message with
                    Position = position
            }
        | None -> splitLines file (Encoding.UTF8.GetString content)
