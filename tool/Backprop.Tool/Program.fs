/// Entry point: parse, turn usage errors into exit code 2, run the command.
module Backprop.Tool.Program

open System
open System.CommandLine
open System.CommandLine.Invocation
open System.CommandLine.Parsing
open System.IO
open Backprop.Functional.Language

/// <summary>
/// A message of the command-line library in the words of the command line: "Cannot parse argument
/// 'abc' for option '--rate' as expected type 'System.Double'." names a .NET type a user never
/// wrote; it reads "'abc' is not a number for --rate."
/// </summary>
let private inUsersWords (message: string) =
    let cannotParse =
        Text.RegularExpressions.Regex.Match(
            message,
            @"^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']+)' as expected type '(?<type>[^']+)'\.$"
        )

    let notOneOf =
        Text.RegularExpressions.Regex.Match(
            message,
            @"^Argument '(?<value>.*)' not recognized\. Must be one of:(?<choices>(\s*'[^']*')+)\s*$"
        )

    if notOneOf.Success then
        let choices =
            Text.RegularExpressions.Regex.Matches(notOneOf.Groups["choices"].Value, "'([^']*)'")
            |> Seq.map (fun m -> m.Groups[1].Value)
            |> String.concat ", "

        let value = notOneOf.Groups["value"].Value
        $"'{value}' is not one of {choices}."
    elif cannotParse.Success then
        let value = cannotParse.Groups["value"].Value
        let option = cannotParse.Groups["option"].Value

        let what =
            match cannotParse.Groups["type"].Value with
            | "System.Int32"
            | "System.Int64" -> "a whole number"
            | "System.Double" -> "a number"
            | other -> "a " + other.Replace("System.", "").ToLowerInvariant()

        $"{option} {value}: '{value}' is not {what}."
    else
        message

/// A write to a pipe whose reader has closed it (EPIPE), which a tool ends quietly on.
let private brokenPipe (e: IOException) =
    e.Message.Contains("Broken pipe", StringComparison.OrdinalIgnoreCase)
    || e.HResult = 32

[<EntryPoint>]
let main argv =
    try
        // No response files: an argument starting with @ is a plain argument (a file named @at.bp),
        // never a path to read more arguments from (@/dev/zero would be read forever).
        let parsed =
            Help.rootCommand().Parse(argv, ParserConfiguration(ResponseFileTokenReplacer = null))

        // A --color value outside auto|always|never is a parse error reported below; until then, auto.
        let colour =
            try
                parsed.GetValue Help.colourOption
            with :? InvalidOperationException ->
                "auto"

        Terminal.colourChoice <-
            match colour with
            | "always" -> Terminal.Always
            | "never" -> Terminal.Never
            | _ -> Terminal.Auto

        match parsed.Action with
        | :? ParseErrorAction ->
            // System.CommandLine exits 1 on a usage error; 1 means "check failed" here, so report and exit 2.
            // A mistyped command or option is one line with the nearest name, as git and cargo say it.
            let command = parsed.CommandResult.Command

            match List.ofSeq parsed.UnmatchedTokens with
            | token :: _ when token.StartsWith "-" ->
                let options =
                    command.Options |> Seq.collect (fun o -> Seq.append [ o.Name ] o.Aliases)

                Terminal.reportUsageError $"unknown option '{token}'{Suggestions.didYouMean options token}"
            | token :: _ when (command :? RootCommand) ->
                let commands = command.Subcommands |> Seq.map _.Name
                Terminal.reportUsageError $"unknown command '{token}'{Suggestions.didYouMean commands token}"
            | _ ->
                for error in parsed.Errors do
                    Terminal.reportUsageError (inUsersWords error.Message)

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
    with
    | :? IOException as e when brokenPipe e ->
        // The reader of standard output went away (| head): nothing more to say.
        ExitCodes.Success
    | :? IOException as e ->
        // Commands catch the errors of the files they write; what escapes is standard output (a full disk).
        Terminal.reportUsageError $"cannot write the output: {e.Message}"
        ExitCodes.BadInput
    | :? OutOfMemoryException ->
        // The size checks refuse what they can foresee (a matrix product); this is the rest.
        Terminal.reportUsageError
            "the computation needs more memory than this process can have; make the file smaller (fewer bindings, smaller vectors and matrices)"

        ExitCodes.BadInput
    | e ->
        // A bug, not bad input: one line, no stack trace (SPEC §2).
        Terminal.reportUsageError $"internal error: {e.GetType().Name}: {e.Message}"
        ExitCodes.InternalError
