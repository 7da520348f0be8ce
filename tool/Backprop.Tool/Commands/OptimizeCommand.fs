/// `dotnet backprop optimize FILE --rate R`: gradient descent (or ascent) on the leaves of a file.
module Backprop.Tool.Commands.OptimizeCommand

open System
open System.CommandLine
open Backprop.Functional
open Backprop.Functional.Learning
open Backprop.Functional.Language
open Backprop.Tool
open Backprop.Tool.Output

/// The most updates when neither --steps nor --until is given.
[<Literal>]
let DefaultSteps = 100

/// The most updates when --until is given without --steps: the target, not the count, ends the run.
[<Literal>]
let DefaultStepsWithTarget = 10_000

/// The parsed command line of `optimize`.
type OptimizeCommandOptions = {
    Path: string
    Of: string option
    Sets: string[]
    Format: string
    /// `--digits`: significant digits of the final table's numbers.
    Digits: int
    Rate: float
    Steps: int option
    Until: float option
    Maximize: bool
    /// The names given to --params, in order; empty means every leaf the output depends on.
    Parameters: string list
    FailOnNonFinite: bool
}

/// <summary>
/// The variables that --params names: a scalar leaf is its variable, a vector or matrix leaf every
/// element of it the output depends on, <c>w[0]</c> one element. Each name must be a leaf (or an
/// element of one) the output depends on.
/// </summary>
let private resolveParameters
    (input: CommonOptions.Input)
    (tape: Tape)
    (names: string list)
    : Result<string list, Diagnostic list> =
    let file = input.File
    let output = input.Output.Name
    let used (variable: string) = tape.SlotOf variable >= 0

    let resolve (name: string) : Result<string list, Diagnostic> =
        let bindingName =
            match name.IndexOf '[' with
            | -1 -> name
            | bracket -> name.Substring(0, bracket).Trim()

        match file.TryFind bindingName with
        | None ->
            Error(
                Diagnostic.fileError
                    file.File
                    $"--params {name}: the file binds no '{bindingName}'{Suggestions.didYouMean (file.Bindings |> Seq.map _.Name) bindingName}"
            )
        | Some binding when not binding.IsLeaf ->
            Error(
                file.ErrorAt(
                    binding,
                    $"--params {name}: '{bindingName}' is not a leaf (its value is computed); only a binding of numbers, NAME = NUMBER or NAME = [NUMBERS], can be optimised"
                )
            )
        | Some binding ->
            let variables = binding.LeafVariables |> Array.map fst
            // Element names are compared without spaces: W[1, 0] is W[1,0].
            let wanted = name.Replace(" ", "")

            let chosen =
                if wanted = bindingName then
                    variables
                else
                    variables |> Array.filter ((=) wanted)

            if chosen.Length = 0 then
                Error(
                    file.ErrorAt(
                        binding,
                        $"--params {name}: '{bindingName}' has no element {wanted}; its elements are {variables[0]} to {variables[variables.Length - 1]}"
                    )
                )
            else
                match chosen |> Array.filter used with
                | [||] -> Error(file.ErrorAt(binding, $"--params {name}: '{output}' does not depend on '{wanted}'"))
                | inUse -> Ok(List.ofArray inUse)

    let results = names |> List.map resolve

    let nothing =
        if tape.Variables.Count = 0 then
            [
                file.ErrorAt(
                    input.Output,
                    $"'{output}' depends on no leaf, so there is nothing to optimise; choose another output with --of"
                )
            ]
        else
            []

    match
        nothing
        @ [
            for r in results do
                match r with
                | Error d -> d
                | Ok _ -> ()
        ]
    with
    | [] -> Ok(results |> List.collect (Result.defaultValue []) |> List.distinct)
    | problems -> Error problems

/// Every leaf variable of the file (an element of a vector or matrix leaf is one) in file order,
/// with its final value and whether the run moved it.
let private finalLeaves (input: CommonOptions.Input) (moved: Set<string>) (result: OptimizeResult) =
    let final = dict result.Variables

    [
        for binding in input.File.Bindings do
            for variable, _ in binding.LeafVariables do
                let value =
                    match final.TryGetValue variable with
                    | true, value -> value
                    | _ -> input.LeafValues[variable]

                variable, value, moved.Contains variable
    ]

let private stepsText (steps: int) = NumberText.count steps "step" "steps"

let private writeTable (options: OptimizeCommandOptions) (input: CommonOptions.Input) leaves (result: OptimizeResult) =
    use writer = Terminal.openStandardOutput ()
    let name = input.Output.Name
    let number = NumberOptions.numberWith options.Digits

    let ending =
        match options.Until with
        | Some target when result.ReachedTarget -> $" (target {NumberText.roundTrip target} reached)"
        | Some target -> $" (target {NumberText.roundTrip target} not reached)"
        | None -> ""

    writer.Write $"{name} = {number result.Value} after {stepsText result.Steps}{ending}\n"

    let width =
        leaves |> List.map (fun (leaf: string, _, _) -> leaf.Length) |> List.fold max 0

    for leaf: string, value, moved in leaves do
        let note = if moved then "" else "  (fixed)"
        writer.Write $"  {leaf.PadRight width} = {number value}{note}\n"

/// Runs the optimisation, showing progress, and writes the final value and every leaf.
let run (options: OptimizeCommandOptions) : int =
    CommonOptions.withInput options.Path options.Of options.Sets (fun input ->
        let tape = Tape.compile input.Output.Expr

        match resolveParameters input tape options.Parameters with
        | Error problems ->
            Terminal.reportDiagnostics problems
            ExitCodes.BadInput
        | Ok parameters ->
            let steps =
                match options.Steps, options.Until with
                | Some steps, _ -> steps
                | None, Some _ -> DefaultStepsWithTarget
                | None, None -> DefaultSteps

            let settings = {
                Optimize.defaults options.Rate with
                    Steps = steps
                    Until = options.Until
                    Direction =
                        if options.Maximize then
                            Direction.Maximize
                        else
                            Direction.Minimize
                    Parameters = parameters
            }

            let json = options.Format = "json"

            let progress =
                Progress.forCommand json steps options.Until.IsSome (fun step detail -> $"step {step}: {detail}")

            let report (p: OptimizeProgress) =
                progress.Report(p.Step, (fun () -> $"{input.Output.Name} = {Progress.number p.Value}"))

            let outcome = Optimize.run settings report input.LeafValues input.Output.Expr
            progress.Finish()

            match outcome with
            | Error message ->
                Terminal.reportDiagnostics [ input.File.ErrorAt(input.Output, $"{message} Try a smaller --rate.") ]
                ExitCodes.BadInput
            | Ok result ->
                let moved =
                    match parameters with
                    | [] -> set tape.Variables
                    | names -> set names

                let leaves = finalLeaves input moved result

                if json then
                    use stdout = Console.OpenStandardOutput()

                    LearningJson.writeOptimize
                        stdout
                        input.Output.Name
                        result
                        (options.Until |> Option.map (fun _ -> result.ReachedTarget))
                        [ for leaf, value, _ in leaves -> leaf, value ]
                else
                    writeTable options input leaves result

                match options.Until with
                | Some target when not result.ReachedTarget ->
                    let bound = if options.Maximize then "at or above" else "at or below"

                    Console.Error.Write
                        $"{Terminal.ProgramName}: warning: '{input.Output.Name}' did not reach {bound} {NumberText.roundTrip target} in {stepsText result.Steps}; allow more with --steps\n"
                | _ -> ()

                // Where the optimisation ended: a value or gradient there that is not finite.
                let final = readOnlyDict [ for leaf, value, _ in leaves -> leaf, value ]
                let evaluation = Evaluation.run input.File input.Output final

                CommonOptions.finishWithWarnings
                    options.FailOnNonFinite
                    (Option.toList (Evaluation.nonFiniteWarning input.File evaluation))
                    ExitCodes.Success)

/// `--params a,b,W[1,0]`: the names, split at commas outside brackets, or an error for an empty name.
let private parseNames (text: string) =
    CommonOptions.parseNames "--params" "leaf names" text

/// The `optimize` command.
let create () =
    let file = CommonOptions.fileArgument ()
    let ofName = CommonOptions.ofOption ()
    let sets = CommonOptions.setOption ()
    let format = CommonOptions.formatOption [ "table"; "json" ]

    let rate =
        Option<float>(
            "--rate",
            Description = "The learning rate: each step moves a leaf by R times its gradient.",
            HelpName = "R",
            Required = true
        )
        |> NumberOptions.positive

    rate.Aliases.Add "--lr"

    let steps =
        Option<int>(
            "--steps",
            Description =
                $"The most updates to make. [default: {DefaultSteps}, or {DefaultStepsWithTarget:N0} with --until]",
            HelpName = "N"
        )
        |> NumberOptions.positiveCount

    let until =
        Option<float>(
            "--until",
            Description = "Stop as soon as the output is at or below V (at or above with --maximize).",
            HelpName = "V"
        )
        |> NumberOptions.notNaN

    let maximize =
        Option<bool>("--maximize", Description = "Gradient ascent: make the output larger instead of smaller.")

    let parameters =
        Option<string>(
            "--params",
            Description =
                "Move only these leaves, separated by commas; the others keep their values. [default: every leaf]",
            HelpName = "NAMES"
        )

    parameters.Validators.Add(fun result ->
        for token in result.Tokens do
            match parseNames token.Value with
            | Error message -> result.AddError message
            | Ok _ -> ())

    let command =
        Command(
            "optimize",
            "Gradient descent on the leaves of the file (ascent with --maximize); prints the progress and the final value of every leaf."
        )

    command.Arguments.Add file

    let failOnNonFinite = CommonOptions.failOnNonFiniteOption ()
    let digits = NumberOptions.digitsOption ()

    for option in
        [
            rate :> Option
            steps
            until
            maximize
            parameters
            ofName
            sets
            format
            digits
            failOnNonFinite
        ] do
        command.Options.Add option

    command.SetAction(
        Func<ParseResult, int>(fun parsed ->
            let optional (option: Option<'T>) =
                match parsed.GetResult option with
                | null -> None
                | _ -> Some(parsed.GetValue option)

            run {
                Path = parsed.GetValue file
                Of = Option.ofObj (parsed.GetValue ofName)
                Sets = parsed.GetValue sets |> Option.ofObj |> Option.defaultValue [||]
                Format = parsed.GetValue format
                Digits = parsed.GetValue digits
                Rate = parsed.GetValue rate
                Steps = optional steps
                Until = optional until
                Maximize = parsed.GetValue maximize
                Parameters =
                    match Option.ofObj (parsed.GetValue parameters) with
                    | None -> []
                    | Some text -> parseNames text |> Result.defaultValue []
                FailOnNonFinite = parsed.GetValue failOnNonFinite
            })
    )

    command
