/// `dotnet backprop hessian FILE`: the second derivatives of the output with respect to the chosen leaves.
/// The `--wrt` option, its resolution and the size limits are shared with `jacobian`.
module Backprop.Tool.Commands.HessianCommand

open System
open System.CommandLine
open Backprop.Functional
open Backprop.Functional.Language
open Backprop.Tool
open Backprop.Tool.Output
open Backprop.Tool.Output.Derivatives

/// The formats of `hessian --format` and `jacobian --format`; the first is the default.
let formats = [ "table"; "json"; "csv"; "markdown" ]

/// The most entries of a Hessian or Jacobian (1000 × 1000).
[<Literal>]
let MaxEntries = 1_000_000L

/// <summary>
/// The most work for one Hessian or Jacobian, counted as symbolic sweeps times the nodes of the
/// output's graph (a Hessian of n leaves is n + 1 sweeps; a Jacobian of m outputs is m).
/// </summary>
[<Literal>]
let MaxSweptNodes = 1_000_000L

/// <c>a,b,W[1,0]</c>: the names, split at commas outside brackets (see CommonOptions.parseNames).
let parseNames (option: string) (text: string) =
    CommonOptions.parseNames option "names" text

/// `--wrt a,b`: the leaves to differentiate with respect to.
let wrtOption (defaultText: string) =
    let option =
        Option<string>(
            "--wrt",
            Description =
                $"Differentiate with respect to these leaves, separated by commas: a scalar leaf, a whole vector or matrix leaf (w), or one element (W[1,0]). [default: {defaultText}]",
            HelpName = "NAMES"
        )

    option.Validators.Add(fun result ->
        for token in result.Tokens do
            match parseNames "--wrt" token.Value with
            | Error message -> result.AddError message
            | Ok _ -> ())

    option

/// The split value of an optional names option; empty when it is not given.
let namesOf (option: string) (text: string) =
    match Option.ofObj text with
    | None -> []
    | Some text -> parseNames option text |> Result.defaultValue []

/// The binding a name such as `W[1,0]` is about: the text before the bracket.
let bindingNameOf (name: string) =
    match name.IndexOf '[' with
    | -1 -> name.Trim()
    | bracket -> name.Substring(0, bracket).Trim()

/// <summary>
/// The variables an option (<c>--wrt</c>, <c>--x</c>) names, in the order given, without repeats: a
/// scalar leaf is its variable, a vector or matrix leaf every element of it, <c>w[0]</c> one
/// element. Each name must be a leaf (or an element of one) of the file; the output need not
/// depend on it. With no names: every leaf variable the output depends on
/// (<paramref name="used"/>), in file order. Messages start with <paramref name="option"/> and the name.
/// </summary>
let resolveLeaves
    (option: string)
    (file: ExpressionFile)
    (used: string -> bool)
    (names: string list)
    : Result<string list, Diagnostic list> =
    let resolve (name: string) : Result<string[], Diagnostic> =
        let bindingName = bindingNameOf name

        match file.TryFind bindingName with
        | None ->
            match file.TryFindFunction bindingName with
            | Some f ->
                Error(
                    file.ErrorAt(
                        f,
                        $"{option} {name}: '{bindingName}' is a function, not a leaf; derivatives are taken with respect to leaves, NAME = NUMBER or NAME = [NUMBERS]"
                    )
                )
            | None ->
                Error(
                    Diagnostic.fileError
                        file.File
                        $"{option} {name}: the file binds no '{bindingName}'{Suggestions.didYouMean (file.Bindings |> Seq.map _.Name) bindingName}"
                )
        | Some binding when not binding.IsLeaf ->
            Error(
                file.ErrorAt(
                    binding,
                    $"{option} {name}: '{bindingName}' is not a leaf (its value is computed); derivatives are taken with respect to leaves, NAME = NUMBER or NAME = [NUMBERS]"
                )
            )
        | Some binding ->
            let variables = binding.LeafVariables |> Array.map fst
            // Element names are compared without spaces: W[1, 0] is W[1,0].
            let wanted = name.Replace(" ", "")

            if wanted = bindingName then
                Ok variables
            else
                match variables |> Array.filter ((=) wanted), binding.Shape with
                | [||], None ->
                    Error(
                        file.ErrorAt(binding, $"{option} {name}: '{bindingName}' is a scalar leaf; it has no elements")
                    )
                | [||], Some _ ->
                    Error(
                        file.ErrorAt(
                            binding,
                            $"{option} {name}: '{bindingName}' has no element {wanted}; its elements are {variables[0]} to {variables[variables.Length - 1]}"
                        )
                    )
                | chosen, _ -> Ok chosen

    match names with
    | [] ->
        Ok [
            for binding in file.Bindings do
                for variable, _ in binding.LeafVariables do
                    if used variable then
                        variable
        ]
    | names ->
        let results = names |> List.map resolve

        match
            [
                for r in results do
                    match r with
                    | Error d -> d
                    | Ok _ -> ()
            ]
        with
        | [] ->
            Ok(
                results
                |> List.collect (Result.defaultValue [||] >> List.ofArray)
                |> List.distinct
            )
        | problems -> Error problems


/// <summary><c>resolveLeaves</c> for <c>--wrt</c>.</summary>
let resolveWrt (file: ExpressionFile) (used: string -> bool) (names: string list) =
    resolveLeaves "--wrt" file used names

/// <summary>
/// Refuses a matrix of <paramref name="rows"/> × <paramref name="columns"/> entries that takes
/// <paramref name="sweeps"/> symbolic sweeps over a graph of <paramref name="nodes"/> nodes, when
/// either is over its limit; the message says which limit and how to ask for less.
/// </summary>
let checkSize
    (file: ExpressionFile)
    (at: Binding)
    (what: string)
    (rows: int)
    (columns: int)
    (sweeps: int)
    (nodes: int)
    : Diagnostic option =
    let entries = int64 rows * int64 columns
    let work = int64 sweeps * int64 nodes

    if entries > MaxEntries then
        Some(
            file.ErrorAt(
                at,
                $"the {what} would have {rows} × {columns} = {entries:N0} entries, more than the limit of {MaxEntries:N0}; choose fewer leaves with --wrt"
            )
        )
    elif work > MaxSweptNodes then
        Some(
            file.ErrorAt(
                at,
                $"the {what} needs {sweeps:N0} symbolic sweeps over {nodes:N0} nodes, more than the limit of {MaxSweptNodes:N0} nodes swept; choose fewer leaves with --wrt"
            )
        )
    else
        None

/// The parsed command line of `hessian`.
type HessianOptions = {
    Path: string
    Of: string option
    Sets: string[]
    Format: string
    /// `--digits`: significant digits of table and markdown numbers.
    Digits: int
    /// The names given to --wrt, in order; empty means every leaf the output depends on.
    Wrt: string list
    FailOnNonFinite: bool
}

/// A warning on the output's binding for the first second derivative (row-major) that is not finite.
let private nonFiniteHessian (input: CommonOptions.Input) (result: HessianResult) =
    let n = result.Wrt.Length

    seq {
        for i in 0 .. n - 1 do
            for j in 0 .. n - 1 do
                if not (Double.IsFinite result.Hessian[i, j]) then
                    yield i, j
    }
    |> Seq.tryHead
    |> Option.map (fun (i, j) -> {
        input.File.ErrorAt(
            input.Output,
            $"the second derivative of '{result.Output}' with respect to '{result.Wrt[i]}' and '{result.Wrt[j]}' is {NumberText.roundTrip result.Hessian[i, j]}: the first that is not finite"
        ) with
            Severity = Severity.Warning
    })

/// Computes the Hessian and writes it in the chosen format; warns about the first non-finite number.
let run (options: HessianOptions) : int =
    CommonOptions.withInput options.Path options.Of options.Sets (fun input ->
        let root = input.Output.Expr
        let tape = Tape.compile root

        let problems =
            match resolveWrt input.File (fun v -> tape.SlotOf v >= 0) options.Wrt with
            | Error problems -> Error problems
            | Ok [] ->
                Error [
                    input.File.ErrorAt(
                        input.Output,
                        $"'{input.Output.Name}' depends on no leaf, so it has no derivatives to take; name leaves with --wrt, or another output with --of"
                    )
                ]
            | Ok wrt ->
                match
                    checkSize input.File input.Output "Hessian" wrt.Length wrt.Length (wrt.Length + 1) tape.Length
                with
                | Some problem -> Error [ problem ]
                | None -> Ok wrt

        match problems with
        | Error problems ->
            Terminal.reportDiagnostics problems
            ExitCodes.BadInput
        | Ok wrt ->
            let n = wrt.Length
            // Value and gradient as eval computes them (the numeric sweeps), bit for bit.
            let evaluation = Evaluation.run input.File input.Output input.LeafValues

            let gradientOf =
                evaluation.Results
                |> Seq.filter _.Binding.IsLeaf
                |> Seq.map (fun r -> r.Name, r.Gradient)
                |> dict

            let second = Derivative.hessian wrt root
            let values = Derivative.evaluate input.LeafValues (Seq.cast<Expr> second)

            let result = {
                Output = input.Output.Name
                Wrt = Array.ofList wrt
                LeafValues = wrt |> Seq.map (fun v -> input.LeafValues[v]) |> Array.ofSeq
                Value = evaluation.Value
                Gradient = wrt |> Seq.map (fun v -> gradientOf[v]) |> Array.ofSeq
                Hessian = Array2D.init n n (fun i j -> values[i * n + j])
            }

            match options.Format with
            | "json" ->
                use stdout = Console.OpenStandardOutput()
                Derivatives.writeHessianJson stdout result
            | format ->
                use writer = Terminal.openStandardOutput ()

                match format with
                | "csv" -> Derivatives.writeHessianCsv writer result
                | "markdown" ->
                    Derivatives.writeHessianMarkdown writer (NumberOptions.numberWith options.Digits) result
                | _ ->
                    Derivatives.writeHessianTable
                        writer
                        (Terminal.Styles(Terminal.useColour ()))
                        (NumberOptions.numberWith options.Digits)
                        result

            let warning =
                Evaluation.nonFiniteWarning input.File evaluation
                |> Option.orElse (nonFiniteHessian input result)

            CommonOptions.finishWithWarnings options.FailOnNonFinite (Option.toList warning) ExitCodes.Success)

/// The `hessian` command.
let create () =
    let file = CommonOptions.fileArgument ()
    let ofName = CommonOptions.ofOption ()
    let sets = CommonOptions.setOption ()
    let format = CommonOptions.formatOption formats
    let wrt = wrtOption "every leaf the output depends on, in file order"

    let command =
        Command(
            "hessian",
            "The matrix of second derivatives of the output with respect to the chosen leaves, with the output's value and gradient."
        )

    command.Arguments.Add file

    let failOnNonFinite = CommonOptions.failOnNonFiniteOption ()
    let digits = NumberOptions.digitsOption ()

    for option in [ wrt :> Option; ofName; sets; format; digits; failOnNonFinite ] do
        command.Options.Add option

    command.SetAction(
        Func<ParseResult, int>(fun parsed ->
            run {
                Path = parsed.GetValue file
                Of = Option.ofObj (parsed.GetValue ofName)
                Sets = parsed.GetValue sets |> Option.ofObj |> Option.defaultValue [||]
                Format = parsed.GetValue format
                Digits = parsed.GetValue digits
                Wrt = namesOf "--wrt" (parsed.GetValue wrt)
                FailOnNonFinite = parsed.GetValue failOnNonFinite
            })
    )

    command
