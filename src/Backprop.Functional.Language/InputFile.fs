namespace Backprop.Functional.Language

open System
open System.IO

/// <summary>
/// Reads an input into bytes: a file named by a path, or a stream such as standard input, up to a
/// limit. Every problem (a missing file, a directory, no permission, too large, a read error) is a
/// diagnostic at 1:1 of the input, with no line to show; nothing is thrown. Expression files and
/// CSV data are read through here, so they fail in the same words.
/// </summary>
[<RequireQualifiedAccess>]
module InputFile =

    /// How standard input is named in diagnostics.
    [<Literal>]
    let StandardInputName = "<stdin>"

    let private permissionDenied file =
        Diagnostic.fileError file "cannot read the file: permission denied"

    let private tooLarge file (maxBytes: int64) =
        Diagnostic.fileError file $"the input is larger than the limit of {maxBytes:N0} bytes"

    /// <summary>
    /// Reads a stream to its end, up to <paramref name="maxBytes"/>; <paramref name="file"/> names
    /// it in diagnostics. A stream of known length over the limit is refused before it is read;
    /// any other is refused as soon as it passes the limit. Reading stops early at the first chunk
    /// that holds a NUL byte, so binary content (even endless, like /dev/zero) is read one chunk
    /// only; the caller finds the NUL in the bytes returned and reports it, or reads them as it
    /// reads any other bytes.
    /// </summary>
    let readStream (maxBytes: int64) (file: string) (stream: Stream) : Result<byte[], Diagnostic> =
        try
            let known =
                if stream.CanSeek then
                    stream.Length - stream.Position
                else
                    -1L

            if known > maxBytes then
                Error(tooLarge file maxBytes)
            else
                // A stream of known length is read into a buffer of that length, with no regrowth.
                use buffer = new MemoryStream(int (Math.Clamp(known, 0L, int64 Array.MaxLength)))
                let chunk = Array.zeroCreate<byte> 65536
                let mutable reading = true
                let mutable overLimit = false

                while reading do
                    let count = stream.Read(chunk, 0, chunk.Length)

                    if count = 0 then
                        reading <- false
                    elif buffer.Length + int64 count > maxBytes then
                        overLimit <- true
                        reading <- false
                    else
                        buffer.Write(chunk, 0, count)

                        if Array.IndexOf(chunk, 0uy, 0, count) >= 0 then
                            reading <- false

                if overLimit then
                    Error(tooLarge file maxBytes)
                else
                    Ok(buffer.ToArray())
        with
        | :? UnauthorizedAccessException -> Error(permissionDenied file)
        | :? IOException as e -> Error(Diagnostic.fileError file $"cannot read the input: {e.Message}")
        | :? NotSupportedException as e -> Error(Diagnostic.fileError file $"cannot read the input: {e.Message}")

    /// <summary>
    /// Reads the file at <paramref name="path"/> (a regular file, or a device or pipe, read as a
    /// stream) up to <paramref name="maxBytes"/>, as <see cref="M:Backprop.Functional.Language.InputFile.readStream"/>
    /// reads a stream; diagnostics name the file as given. <paramref name="kind"/> says what the
    /// file should be, for the diagnostic about a directory: <c>"an expression file"</c> gives
    /// <c>this is a directory, not an expression file</c>. A missing file is <c>no such file</c>.
    /// </summary>
    let readFile (kind: string) (maxBytes: int64) (path: string) : Result<byte[], Diagnostic> =
        if String.IsNullOrEmpty path then
            Error(Diagnostic.fileError "" "no file name was given")
        elif Directory.Exists path then
            Error(Diagnostic.fileError path $"this is a directory, not {kind}")
        elif not (File.Exists path) then
            Error(Diagnostic.fileError path "no such file")
        else
            let opened =
                try
                    Ok(
                        new FileStream(
                            path,
                            FileMode.Open,
                            FileAccess.Read,
                            FileShare.Read,
                            1,
                            FileOptions.SequentialScan
                        )
                    )
                with
                | :? UnauthorizedAccessException -> Error(permissionDenied path)
                | :? IOException
                | :? ArgumentException
                | :? NotSupportedException as e -> Error(Diagnostic.fileError path $"cannot read the file: {e.Message}")

            opened
            |> Result.bind (fun stream ->
                use stream = stream
                readStream maxBytes path stream)
