/// Entry point: parse, turn usage errors into exit code 2, run the command.
module Backprop.Tool.Program

open System
open System.CommandLine
open System.CommandLine.Invocation
open System.CommandLine.Parsing

[<EntryPoint>]
let main argv =
    try
        let parsed = Help.rootCommand().Parse argv

        match parsed.Action with
        | :? ParseErrorAction ->
            // System.CommandLine exits 1 on a usage error; 1 means "check failed" here, so report and exit 2.
            for error in parsed.Errors do
                Terminal.reportUsageError error.Message

            // The full path of a subcommand: "data moons", not "moons".
            let rec commandPath (result: SymbolResult) =
                match result with
                | :? CommandResult as c when not (c.Command :? RootCommand) -> commandPath c.Parent @ [ c.Command.Name ]
                | _ -> []

            let helpHint =
                String.concat " " ([ "dotnet backprop" ] @ commandPath parsed.CommandResult @ [ "--help" ])

            Console.Error.Write $"Run '{helpHint}' for usage.\n"
            ExitCodes.BadInput
        | _ -> parsed.Invoke(InvocationConfiguration(EnableDefaultExceptionHandler = false))
    with e ->
        // A bug, not bad input: one line, no stack trace (SPEC §2).
        Terminal.reportUsageError $"internal error: {e.GetType().Name}: {e.Message}"
        ExitCodes.InternalError
