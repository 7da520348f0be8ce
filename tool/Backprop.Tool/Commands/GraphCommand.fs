/// `dotnet backprop graph FILE`: the computation graph with each node's name, value and grad.
module Backprop.Tool.Commands.GraphCommand

open System
open System.CommandLine
open System.IO
open Backprop.Functional.Language
open Backprop.Tool
open Backprop.Tool.Pictures

/// The parsed command line of `graph`.
type GraphOptions = {
    Path: string
    Of: string option
    Sets: string[]
    /// The format, and whether the user named it (rather than taking the default).
    Format: string
    FormatGiven: bool
    /// The file to write instead of standard output; its extension chooses what is written.
    Output: string option
    FailOnNonFinite: bool
}

/// What `graph` writes where.
type private Destination =
    /// DOT or Mermaid text to standard output.
    | Text of format: string
    /// DOT or Mermaid text to a file.
    | TextFile of format: string * path: string
    /// A picture drawn by Graphviz: its `-T` format and the file.
    | Picture of graphvizFormat: string * path: string

let private textFormats = [ ".dot", "dot"; ".gv", "dot"; ".mmd", "mermaid" ]

/// The destination the options ask for, or a usage error.
let private destination (options: GraphOptions) : Result<Destination, string> =
    match options.Output with
    | None -> Ok(Text options.Format)
    | Some path ->
        let extension = Path.GetExtension(path).ToLowerInvariant()

        let conflicts written =
            Error
                $"--output {path} writes {written}; --format {options.Format} asks for something else (leave --format out: the extension chooses)"

        match List.tryFind (fst >> (=) extension) Graphviz.formats, List.tryFind (fst >> (=) extension) textFormats with
        | Some(_, graphvizFormat), _ ->
            if options.FormatGiven && options.Format <> "dot" then
                conflicts "a picture drawn by Graphviz from DOT"
            else
                Ok(Picture(graphvizFormat, path))
        | _, Some(_, format) ->
            if options.FormatGiven && options.Format <> format then
                conflicts $"{format} text"
            else
                Ok(TextFile(format, path))
        | None, None ->
            Error
                $"--output {path}: the extension chooses what is written: .svg or .png (drawn by Graphviz), .dot or .gv (DOT text), .mmd (Mermaid text)"

let private writeText format (writer: TextWriter) file result =
    match format with
    | "mermaid" -> GraphRender.writeMermaid writer file result
    | _ -> GraphRender.writeDot writer file result

let private writeTextFile format (path: string) file result =
    AtomicFile.writeText "--output" path (fun writer -> writeText format writer file result)

/// Evaluates the file and writes the output's graph as DOT or Mermaid text, or as a picture via Graphviz.
let run (options: GraphOptions) : int =
    match destination options with
    | Error message ->
        Terminal.reportUsageError message
        ExitCodes.BadInput
    | Ok target ->
        CommonOptions.withInput options.Path options.Of options.Sets (fun input ->
            let result = Evaluation.run input.File input.Output input.LeafValues

            let written =
                match target with
                | Text format ->
                    use writer = Terminal.openStandardOutput ()
                    writeText format writer input.File result
                    Ok()
                | TextFile(format, path) -> writeTextFile format path input.File result
                | Picture(graphvizFormat, path) ->
                    match Graphviz.tryFindDot () with
                    | None -> Error Graphviz.missingMessage
                    | Some dot ->
                        AtomicFile.tryWrite "--output" path (fun temporary ->
                            Graphviz.render dot graphvizFormat temporary (fun writer ->
                                GraphRender.writeDot writer input.File result))

            match written with
            | Ok() ->
                Terminal.reportDiagnostics (Evaluation.outputWarnings input.File input.Output true)

                CommonOptions.finishWithWarnings
                    options.FailOnNonFinite
                    (Option.toList (Evaluation.nonFiniteWarning input.File result))
                    ExitCodes.Success
            | Error message ->
                Terminal.reportUsageError message
                ExitCodes.BadInput)

/// The `graph` command.
let create () =
    let file = CommonOptions.fileArgument ()
    let ofName = CommonOptions.ofOption ()
    let sets = CommonOptions.setOption ()
    let format = CommonOptions.formatOption [ "dot"; "mermaid" ]

    let output =
        Option<string>(
            "--output",
            "-o",
            Description =
                "Write to PATH instead of standard output; its extension chooses: .svg or .png (a picture drawn by Graphviz's dot, which must be on the PATH), .dot or .gv (DOT text), .mmd (Mermaid text).",
            HelpName = "PATH"
        )

    let command =
        Command(
            "graph",
            "Print the computation graph of the output, as micrograd's draw_dot draws it: a record per value (name | data | grad) and a node per operation."
        )

    command.Arguments.Add file

    let failOnNonFinite = CommonOptions.failOnNonFiniteOption ()

    for option in [ ofName :> Option; sets; format; output; failOnNonFinite ] do
        command.Options.Add option

    command.SetAction(
        Func<ParseResult, int>(fun parsed ->
            run {
                Path = parsed.GetValue file
                Of = Option.ofObj (parsed.GetValue ofName)
                Sets = parsed.GetValue sets |> Option.ofObj |> Option.defaultValue [||]
                Format = parsed.GetValue format
                FormatGiven =
                    match parsed.GetResult format with
                    | null -> false
                    | result -> not result.Implicit
                Output = Option.ofObj (parsed.GetValue output)
                FailOnNonFinite = parsed.GetValue failOnNonFinite
            })
    )

    command
