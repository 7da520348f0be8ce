/// `dotnet backprop jacobian FILE --of y1,y2`: the first derivatives of several outputs with respect to the chosen leaves.
module Backprop.Tool.Commands.JacobianCommand

open System
open System.Collections.Generic
open System.CommandLine
open Backprop.Functional
open Backprop.Functional.Language
open Backprop.Tool
open Backprop.Tool.Output
open Backprop.Tool.Output.Derivatives

/// The parsed command line of `jacobian`.
type JacobianOptions = {
    Path: string
    /// The names given to --of, in order (each occurrence split at commas); empty means the last binding.
    Of: string list
    Sets: string[]
    Format: string
    /// `--digits`: significant digits of table and markdown numbers.
    Digits: int
    /// The names given to --wrt, in order; empty means every leaf an output depends on.
    Wrt: string list
    FailOnNonFinite: bool
}

/// One row of the Jacobian: a scalar binding or an element of a vector or matrix binding.
type private Row = {
    Name: string
    Expr: Expr
    Binding: Binding
}

let private rowsOf (binding: Binding) =
    binding.Elements
    |> Seq.mapi (fun k e -> {
        Name = binding.ElementName k
        Expr = e
        Binding = binding
    })
    |> List.ofSeq

/// <summary>
/// The outputs <c>--of</c> names, in the order given, without repeats: a scalar binding is one,
/// a vector or matrix binding every element, <c>y[0]</c> one element; with no names, the last
/// binding. One scalar output is refused: its Jacobian is its gradient (<c>eval</c>).
/// </summary>
let private resolveOutputs (file: ExpressionFile) (names: string list) : Result<Row list, Diagnostic list> =
    let resolve (name: string) : Result<Row list, Diagnostic> =
        let bindingName = HessianCommand.bindingNameOf name

        match file.TryFind bindingName with
        | None ->
            match file.TryFindFunction bindingName with
            | Some f ->
                Error(
                    file.ErrorAt(
                        f,
                        $"--of {name}: '{bindingName}' is a function, not a binding: it has no value of its own; bind a call of it, as in y = {bindingName}(…), and name that"
                    )
                )
            | None ->
                Error(
                    Diagnostic.fileError
                        file.File
                        $"--of {name}: the file binds no '{bindingName}'{Suggestions.didYouMean (file.Bindings |> Seq.map _.Name) bindingName}"
                )
        | Some binding ->
            let wanted = name.Replace(" ", "")
            let rows = rowsOf binding

            if wanted = bindingName then
                Ok rows
            else
                match rows |> List.filter (fun r -> r.Name = wanted), binding.Shape with
                | [], None ->
                    Error(file.ErrorAt(binding, $"--of {name}: '{bindingName}' is a scalar; it has no elements"))
                | [], Some _ ->
                    Error(
                        file.ErrorAt(
                            binding,
                            $"--of {name}: '{bindingName}' has no element {wanted}; its elements are {rows.Head.Name} to {(List.last rows).Name}"
                        )
                    )
                | chosen, _ -> Ok chosen

    let results =
        match names with
        | [] -> [ Ok(rowsOf file.LastBinding) ]
        | names -> names |> List.map resolve

    match
        [
            for r in results do
                match r with
                | Error d -> d
                | Ok _ -> ()
        ]
    with
    | [] ->
        // A vector binding of one element, named whole (or the last binding), is a vector output.
        let wholeVector (row: Row) =
            row.Binding.Shape.IsSome
            && (names.IsEmpty || names |> List.exists (fun n -> n.Trim() = row.Binding.Name))

        match results |> List.collect (Result.defaultValue []) |> List.distinctBy _.Name with
        | [ single ] when wholeVector single -> Ok [ single ]
        | [ single ] when names.IsEmpty ->
            Error [
                file.ErrorAt(
                    single.Binding,
                    $"'{single.Name}', the last binding, is a scalar, and a Jacobian needs several outputs: name them with --of y1,y2 or name a vector binding; for the gradient of one output use eval, for its second derivatives hessian"
                )
            ]
        | [ single ] ->
            Error [
                file.ErrorAt(
                    single.Binding,
                    $"--of {String.Join(',', names)}: '{single.Name}' is one scalar output, and a Jacobian needs several: name more, --of y1,y2, or a vector binding; for the gradient of one output use eval, for its second derivatives hessian"
                )
            ]
        | rows -> Ok rows
    | problems -> Error problems

/// Reads the file (or standard input for `-`) and applies the overrides.
let private readFile (path: string) (sets: string[]) =
    let file =
        if path = "-" then
            ExpressionFile.ofStream ExpressionFile.StandardInputName (Console.OpenStandardInput())
        else
            ExpressionFile.load path

    file
    |> Result.bind (fun file -> CommonOptions.leafValuesOf file sets |> Result.map (fun values -> file, values))

let private describe (x: float) = NumberText.roundTrip x

/// <summary>
/// A warning naming the first binding (in file order) whose value is not finite, in eval's words,
/// or else the first derivative of the Jacobian (row-major) that is not finite.
/// </summary>
let private nonFiniteWarning
    (file: ExpressionFile)
    (elements: (Binding * string)[])
    (elementValues: float[])
    (rows: Row[])
    (result: JacobianResult)
    =
    let warn (binding: Binding) message =
        Some {
            file.ErrorAt(binding, message) with
                Severity = Severity.Warning
        }

    match elementValues |> Array.tryFindIndex (Double.IsFinite >> not) with
    | Some k ->
        let binding, name = elements[k]
        warn binding $"'{name}' is {describe elementValues[k]}: the first binding whose value is not finite"
    | None ->
        seq {
            for k in 0 .. rows.Length - 1 do
                for j in 0 .. result.Wrt.Length - 1 do
                    if not (Double.IsFinite result.Jacobian[k, j]) then
                        yield k, j
        }
        |> Seq.tryHead
        |> Option.bind (fun (k, j) ->
            warn
                rows[k].Binding
                $"the derivative of '{rows[k].Name}' with respect to '{result.Wrt[j]}' is {describe result.Jacobian[k, j]}: the first that is not finite")

/// Computes the Jacobian and writes it in the chosen format; warns about the first non-finite number.
let run (options: JacobianOptions) : int =
    let outcome =
        readFile options.Path options.Sets
        |> Result.bind (fun (file, leafValues: IReadOnlyDictionary<string, float>) ->
            resolveOutputs file options.Of
            |> Result.bind (fun rows ->
                let rows = Array.ofList rows
                let tape = Tape.compileRoots rows[0].Expr (rows |> Seq.map _.Expr)

                match HessianCommand.resolveWrt file (fun v -> tape.SlotOf v >= 0) options.Wrt with
                | Error problems -> Error problems
                | Ok [] ->
                    let names = rows |> Seq.map _.Name |> Seq.truncate 3 |> String.concat ", "
                    let more = if rows.Length > 3 then ", …" else ""

                    Error [
                        file.ErrorAt(
                            rows[0].Binding,
                            $"the outputs ({names}{more}) depend on no leaf, so they have no derivatives to take; name leaves with --wrt, or other outputs with --of"
                        )
                    ]
                | Ok wrt ->
                    match
                        HessianCommand.checkSize
                            file
                            rows[0].Binding
                            "Jacobian"
                            rows.Length
                            wrt.Length
                            rows.Length
                            tape.Length
                    with
                    | Some problem -> Error [ problem ]
                    | None -> Ok(file, leafValues, rows, wrt)))

    match outcome with
    | Error problems ->
        Terminal.reportDiagnostics problems
        ExitCodes.BadInput
    | Ok(file, leafValues, rows, wrt) ->
        let m, n = rows.Length, wrt.Length

        let elements = [|
            for binding in file.Bindings do
                for k in 0 .. binding.Elements.Count - 1 -> binding, binding.ElementName k
        |]

        let first = Derivative.jacobian wrt (rows |> Seq.map _.Expr |> List.ofSeq)

        // One tape: every binding (for the warning), the outputs and the derivatives.
        let values =
            Derivative.evaluate
                leafValues
                (Seq.concat [
                    file.Bindings |> Seq.collect _.Elements
                    rows |> Seq.map _.Expr
                    Seq.cast<Expr> first
                ])

        let count = elements.Length

        let result = {
            Outputs = rows |> Array.map _.Name
            Wrt = Array.ofList wrt
            Values = Array.sub values count m
            Jacobian = Array2D.init m n (fun k j -> values[count + m + k * n + j])
        }

        match options.Format with
        | "json" ->
            use stdout = Console.OpenStandardOutput()
            Derivatives.writeJacobianJson stdout result
        | format ->
            use writer = Terminal.openStandardOutput ()

            match format with
            | "csv" -> Derivatives.writeJacobianCsv writer result
            | "markdown" -> Derivatives.writeJacobianMarkdown writer (NumberOptions.numberWith options.Digits) result
            | _ ->
                Derivatives.writeJacobianTable
                    writer
                    (Terminal.Styles(Terminal.useColour ()))
                    (NumberOptions.numberWith options.Digits)
                    result

        CommonOptions.finishWithWarnings
            options.FailOnNonFinite
            (Option.toList (nonFiniteWarning file elements (Array.sub values 0 count) rows result))
            ExitCodes.Success

/// The `jacobian` command.
let create () =
    let file = CommonOptions.fileArgument ()
    let sets = CommonOptions.setOption ()
    let format = CommonOptions.formatOption HessianCommand.formats
    let wrt = HessianCommand.wrtOption "every leaf an output depends on, in file order"

    let ofNames =
        Option<string[]>(
            "--of",
            Description =
                "The outputs, separated by commas or repeated: scalar bindings, a whole vector or matrix binding (y), or one element (y[0]). [default: the last binding, which must then be a vector or matrix]",
            HelpName = "NAMES",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false
        )

    ofNames.Validators.Add(fun result ->
        for token in result.Tokens do
            match HessianCommand.parseNames "--of" token.Value with
            | Error message -> result.AddError message
            | Ok _ -> ())

    let command =
        Command(
            "jacobian",
            "The matrix of first derivatives of several outputs (or of a vector binding's elements) with respect to the chosen leaves, with the outputs' values."
        )

    command.Arguments.Add file

    let failOnNonFinite = CommonOptions.failOnNonFiniteOption ()
    let digits = NumberOptions.digitsOption ()

    for option in [ ofNames :> Option; wrt; sets; format; digits; failOnNonFinite ] do
        command.Options.Add option

    command.SetAction(
        Func<ParseResult, int>(fun parsed ->
            run {
                Path = parsed.GetValue file
                Of =
                    parsed.GetValue ofNames
                    |> Option.ofObj
                    |> Option.defaultValue [||]
                    |> List.ofArray
                    |> List.collect (HessianCommand.namesOf "--of")
                Sets = parsed.GetValue sets |> Option.ofObj |> Option.defaultValue [||]
                Format = parsed.GetValue format
                Digits = parsed.GetValue digits
                Wrt = HessianCommand.namesOf "--wrt" (parsed.GetValue wrt)
                FailOnNonFinite = parsed.GetValue failOnNonFinite
            })
    )

    command
