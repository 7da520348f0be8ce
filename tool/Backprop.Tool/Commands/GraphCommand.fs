/// `dotnet backprop graph FILE`: the computation graph with each node's name, value and grad.
module Backprop.Tool.Commands.GraphCommand

open System
open System.CommandLine
open Backprop.Functional.Language
open Backprop.Tool

/// The parsed command line of `graph`.
type GraphOptions = {
    Path: string
    Of: string option
    Sets: string[]
    Format: string
}

/// Evaluates the file and prints the output's graph as DOT or Mermaid.
let run (options: GraphOptions) : int =
    CommonOptions.withInput options.Path options.Of options.Sets (fun input ->
        let result = Evaluation.run input.File input.Output input.LeafValues
        use writer = Terminal.openStandardOutput ()

        match options.Format with
        | "mermaid" -> GraphRender.writeMermaid writer input.File result
        | _ -> GraphRender.writeDot writer input.File result

        ExitCodes.Success)

/// The `graph` command.
let create () =
    let file = CommonOptions.fileArgument ()
    let ofName = CommonOptions.ofOption ()
    let sets = CommonOptions.setOption ()
    let format = CommonOptions.formatOption [ "dot"; "mermaid" ]

    let command =
        Command(
            "graph",
            "Print the computation graph of the output, as micrograd's draw_dot draws it: a record per value (name | data | grad) and a node per operation."
        )

    command.Arguments.Add file
    command.Options.Add ofName
    command.Options.Add sets
    command.Options.Add format

    command.SetAction(
        Func<ParseResult, int>(fun parsed ->
            run {
                Path = parsed.GetValue file
                Of = Option.ofObj (parsed.GetValue ofName)
                Sets = parsed.GetValue sets |> Option.ofObj |> Option.defaultValue [||]
                Format = parsed.GetValue format
            })
    )

    command
