namespace Backprop.Functional.Language

open System
open System.Collections.Generic
open System.IO

/// <summary>
/// A parsed and bound expression file: its bindings in file order, each a core expression.
/// The output is the last binding unless a caller names another.
/// </summary>
[<Sealed>]
type ExpressionFile internal (source: SourceText, bindings: Binding[], functions: DefinedFunction[]) =

    // Built on first use: plain evaluation never looks a name up, and a million-binding file
    // need not pay for a second index of its names.
    let byName =
        lazy
            (let d = Dictionary<string, Binding>(bindings.Length)

             for b in bindings do
                 d.Add(b.Name, b)

             d)

    /// The validated text the file was read from (for diagnostics).
    member _.Source = source

    /// The file as the user named it.
    member _.File = source.File

    /// Every binding, in file order.
    member _.Bindings: IReadOnlyList<Binding> = bindings

    /// <summary>
    /// The functions the file defines, in file order. They have no rows: each call of one is
    /// inlined into the bindings that make it.
    /// </summary>
    member _.Functions: IReadOnlyList<DefinedFunction> = functions

    /// The last binding: the output unless the command line names another.
    member _.LastBinding = bindings[bindings.Length - 1]

    /// The binding of a name, if the file binds it. O(1).
    member _.TryFind(name: string) =
        match byName.Value.TryGetValue name with
        | true, b -> Some b
        | _ -> None

    /// The function of a name, if the file defines one. O(number of functions).
    member _.TryFindFunction(name: string) =
        functions |> Array.tryFind (fun f -> f.Name = name)

    /// A diagnostic pointing at a binding's name, showing its line.
    member _.ErrorAt(binding: Binding, message: string) =
        Diagnostic.error source.File binding.Position (source.Line binding.Position.Line) message

    /// A diagnostic pointing at a function's name, showing the line of its definition.
    member _.ErrorAt(definition: DefinedFunction, message: string) =
        Diagnostic.error source.File definition.Position (source.Line definition.Position.Line) message

/// Reads expression files from paths, streams, bytes or text.
[<RequireQualifiedAccess>]
module ExpressionFile =

    /// <summary>How standard input is named in diagnostics (<see cref="F:Backprop.Functional.Language.InputFile.StandardInputName"/>).</summary>
    [<Literal>]
    let StandardInputName = InputFile.StandardInputName

    let private noBindings (source: SourceText) (functions: DefinedFunction[]) =
        let blank =
            Seq.init source.LineCount (fun i -> source.Line(i + 1))
            |> Seq.forall String.IsNullOrWhiteSpace

        if functions.Length > 0 then
            "the file defines functions but binds no name, so it has no output (a binding is NAME = EXPR)"
        elif blank then
            "the file is empty: it has no bindings (a binding is NAME = EXPR)"
        else
            "the file has only comments and blank lines: it has no bindings (a binding is NAME = EXPR)"

    /// <summary>
    /// What evaluating a file takes in memory, per character of its text, as measured on a chain of
    /// a million bindings (33.8 MB of text, 1.14 GB at its peak in every output format; ten million,
    /// 358 MB, 11.3 GB): the text, names, bindings, the core's nodes, graph and tape, values,
    /// adjoints and rows, most of it the core's. The size check estimates with it.
    /// </summary>
    [<Literal>]
    let BytesPerCharacter = 34L

    /// <summary>
    /// A file too large for the memory this process can still use, refused before it is bound:
    /// about <c>BytesPerCharacter</c> bytes per character of text (a matrix product, which can
    /// build far more than its text suggests, is checked on its own when it is bound).
    /// </summary>
    let private tooLarge (source: SourceText) : Diagnostic option =
        let needed = int64 source.Text.Length * BytesPerCharacter

        let available =
            GC.GetGCMemoryInfo().TotalAvailableMemoryBytes - GC.GetTotalMemory false

        if needed > available then
            let gigabytes (bytes: int64) =
                (float bytes / 1e9).ToString("0.0", Globalization.CultureInfo.InvariantCulture)

            Some(
                Diagnostic.fileError
                    source.File
                    $"the file is {source.Text.Length:N0} characters long; evaluating it needs about {gigabytes needed} GB, more than the {gigabytes (max 0L available)} GB this process can still use"
            )
        else
            None

    /// <summary>Parses and binds validated text. An empty or comment-only file is an error, and so
    /// is one too large for the memory left.</summary>
    let ofSourceText (source: SourceText) : Result<ExpressionFile, Diagnostic list> =
        match tooLarge source with
        | Some problem -> Error [ problem ]
        | None ->

            match Binder.bindFile source with
            | Error diagnostics -> Error diagnostics
            | Ok {
                     Bindings = [||]
                     Functions = functions
                 } -> Error [ Diagnostic.fileError source.File (noBindings source functions) ]
            | Ok bound -> Ok(ExpressionFile(source, bound.Bindings, bound.Functions))

    /// <summary>Parses and binds a file's text, already decoded.</summary>
    let ofText (file: string) (text: string) : Result<ExpressionFile, Diagnostic list> =
        SourceText.ofString file text
        |> Result.mapError List.singleton
        |> Result.bind ofSourceText

    /// <summary>Decodes UTF-8 bytes, then parses and binds them.</summary>
    let ofBytes (file: string) (bytes: byte[]) : Result<ExpressionFile, Diagnostic list> =
        SourceText.ofBytes file bytes
        |> Result.mapError List.singleton
        |> Result.bind ofSourceText

    /// <summary>
    /// The largest input read, in bytes (512 MiB): far beyond any real model (a million bindings
    /// take about 40 MB), small enough that an endless or huge input ends in a clear error rather
    /// than in running out of memory.
    /// </summary>
    [<Literal>]
    let MaxInputBytes = 536_870_912L

    /// <summary>
    /// Reads a stream to its end (for example standard input), up to <paramref name="maxBytes"/>,
    /// then parses and binds it.
    /// </summary>
    let ofStreamWithLimit (maxBytes: int64) (file: string) (stream: Stream) : Result<ExpressionFile, Diagnostic list> =
        InputFile.readStream maxBytes file stream
        |> Result.mapError List.singleton
        |> Result.bind (ofBytes file)

    /// <summary>
    /// Reads a stream to its end (for example standard input), up to
    /// <see cref="F:Backprop.Functional.Language.ExpressionFile.MaxInputBytes"/>, then parses and binds it.
    /// </summary>
    let ofStream (file: string) (stream: Stream) : Result<ExpressionFile, Diagnostic list> =
        ofStreamWithLimit MaxInputBytes file stream

    /// <summary>
    /// Reads the file at <paramref name="path"/> (a regular file, or a device or pipe, read as a
    /// stream up to <see cref="F:Backprop.Functional.Language.ExpressionFile.MaxInputBytes"/>).
    /// A missing file, a directory or an unreadable file is an error at 1:1 of that file; nothing is thrown.
    /// </summary>
    let load (path: string) : Result<ExpressionFile, Diagnostic list> =
        InputFile.readFile "an expression file" MaxInputBytes path
        |> Result.mapError List.singleton
        |> Result.bind (ofBytes path)
