/// `dotnet backprop check FILE`: analytic gradients of every leaf against central differences.
module Backprop.Tool.Commands.CheckCommand

open System
open System.Collections.Generic
open System.CommandLine
open System.IO
open System.Text.Json
open System.Text.Encodings.Web
open Backprop.Functional
open Backprop.Functional.Language
open Backprop.Tool
open Backprop.Tool.Output

/// The parsed command line of `check`.
type CheckOptions = {
    Path: string
    Of: string option
    Sets: string[]
    Format: string
    /// `--digits`: significant digits of table and markdown numbers.
    Digits: int
    Tolerance: float
    Step: float
    /// 1: the gradient; 2: also the Hessian.
    Order: int
    FailOnNonFinite: bool
    /// Check every leaf one by one even beyond GradientCheck.MaxLeavesOneByOne.
    AllLeaves: bool
}

/// One second derivative's analytic value beside the central difference of the analytic gradient.
type SecondCheck = {
    /// The leaf differentiated with respect to first.
    First: string
    /// The leaf differentiated with respect to second (the one moved by ±h).
    Second: string
    /// From the Hessian's expressions (Derivative.hessian).
    Analytic: float
    /// (g(x + h·e_second) - g(x - h·e_second)) / 2h of the analytic gradient's entry of First.
    Numeric: float
    /// |analytic - numeric|.
    Error: float
    /// Whether the error is within the tolerance.
    Ok: bool
}

/// <summary>
/// The second-order check over every leaf the output depends on (elements of vector and matrix
/// leaves one by one), row-major; refused over the Hessian's size limits.
/// </summary>
let private checkSecond (input: CommonOptions.Input) (step: float) (tolerance: float) =
    let root = input.Output.Expr
    let tape = Tape.compile root

    HessianCommand.resolveWrt input.File (fun v -> tape.SlotOf v >= 0) []
    |> Result.bind (fun wrt ->
        match
            HessianCommand.checkSize
                input.File
                input.Output
                "Hessian"
                wrt.Length
                wrt.Length
                (wrt.Length + 1)
                tape.Length
        with
        | Some problem -> Error [ problem ]
        | None -> Ok wrt)
    |> Result.map (fun wrt ->
        let wrt = Array.ofList wrt
        let n = wrt.Length
        let hessian = Derivative.hessian (List.ofArray wrt) root
        let analytic = Derivative.evaluate input.LeafValues (Seq.cast<Expr> hessian)

        let gradientAt (j: int) (delta: float) =
            let values = Dictionary<string, float>(input.LeafValues)
            values[wrt[j]] <- values[wrt[j]] + delta
            let g = Gradient.compute values root
            wrt |> Array.map (fun v -> g[v])

        let numeric = Array2D.zeroCreate n n

        for j in 0 .. n - 1 do
            let above = gradientAt j step
            let below = gradientAt j -step

            for i in 0 .. n - 1 do
                numeric[i, j] <- (above[i] - below[i]) / (2.0 * step)

        [|
            for i in 0 .. n - 1 do
                for j in 0 .. n - 1 do
                    let a = analytic[i * n + j]
                    let m = numeric[i, j]
                    let error = abs (a - m)

                    {
                        First = wrt[i]
                        Second = wrt[j]
                        Analytic = a
                        Numeric = m
                        Error = error
                        Ok = error <= tolerance * max 1.0 (max (abs a) (abs m))
                    }
        |])

let private writeSecondTable
    (writer: TextWriter)
    (styles: Terminal.Styles)
    (number: float -> string)
    (result: CheckResult)
    (checks: SecondCheck[])
    =
    writer.Write "\n"

    Table.write
        writer
        [| "first"; "second"; "analytic"; "numeric"; "error"; "ok" |]
        [| Table.Left; Table.Left; Table.Right; Table.Right; Table.Right; Table.Left |]
        checks.Length
        (fun r ->
            let c = checks[r]

            [|
                c.First
                c.Second
                number c.Analytic
                number c.Numeric
                number c.Error
                (if c.Ok then "ok" else "FAIL")
            |])
        (fun r c text ->
            match c with
            | 5 when checks[r].Ok -> styles.Good text
            | 5 -> styles.Bad text
            | _ -> text)
        styles.Bold

    let settings = $"step {number result.Step}, tolerance {number result.Tolerance}"

    let failed = checks |> Array.filter (fun c -> not c.Ok)
    let ok, fail = styles.Good "ok", styles.Bad "FAILED"

    if failed.Length = 0 then
        let all = Table.everyOne checks.Length "second derivative" "second derivatives"
        writer.Write($"{settings}: {ok}, {all} of '{result.Output.Name}' within tolerance\n")
    else
        let names =
            failed |> Array.map (fun c -> $"({c.First}, {c.Second})") |> String.concat ", "

        writer.Write(
            let ofAll = NumberText.count checks.Length "second derivative" "second derivatives"
            $"{settings}: {fail}, {failed.Length} of {ofAll} of '{result.Output.Name}' outside tolerance: {names}\n"
        )

/// The JSON of `check` with `"second"` after `"leaves"`; `"ok"` is false when either order fails.
let private writeSecondJson (stream: Stream) (result: CheckResult) (checks: SecondCheck[]) =
    use writer =
        new Utf8JsonWriter(
            stream,
            JsonWriterOptions(Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
        )

    let property (name: string) (x: float) =
        writer.WritePropertyName name
        Json.writeNumber writer x

    writer.WriteStartObject()
    writer.WriteString("schema", "dotnet-backprop/check/1")
    writer.WriteString("output", result.Output.Name)
    writer.WriteBoolean("ok", result.Ok && checks |> Array.forall _.Ok)
    property "value" result.Value
    property "step" result.Step
    property "tolerance" result.Tolerance
    writer.WriteStartArray "leaves"

    for leaf in result.Leaves do
        writer.WriteStartObject()
        writer.WriteString("name", leaf.Name)
        property "value" leaf.Value
        property "analytic" leaf.Analytic
        property "numeric" leaf.Numeric
        property "error" leaf.Error
        writer.WriteBoolean("ok", leaf.Ok)
        writer.WriteEndObject()

    writer.WriteEndArray()
    writer.WriteStartArray "second"

    for c in checks do
        writer.WriteStartObject()
        writer.WriteString("first", c.First)
        writer.WriteString("second", c.Second)
        property "analytic" c.Analytic
        property "numeric" c.Numeric
        property "error" c.Error
        writer.WriteBoolean("ok", c.Ok)
        writer.WriteEndObject()

    writer.WriteEndArray()
    writer.WriteEndObject()
    writer.Flush()
    stream.WriteByte(byte '\n')

/// Checks every leaf (and with --order 2 every second derivative); exit 1 when any is outside the tolerance.
let run (options: CheckOptions) : int =
    CommonOptions.withInput options.Path options.Of options.Sets (fun input ->
        let settings = {
            NumericCheck.defaults with
                Step = options.Step
                Tolerance = options.Tolerance
        }

        let second =
            if options.Order = 2 then
                checkSecond input options.Step options.Tolerance |> Result.map Some
            else
                Ok None

        match second with
        | Error problems ->
            Terminal.reportDiagnostics problems
            ExitCodes.BadInput
        | Ok second ->
            let leafCount = GradientCheck.leafCount input.File

            let byDirections =
                leafCount > GradientCheck.MaxLeavesOneByOne && not options.AllLeaves

            let result =
                if byDirections then
                    GradientCheck.runDirections input.File input.Output input.LeafValues settings
                else
                    GradientCheck.run input.File input.Output input.LeafValues settings

            if byDirections then
                // A full check takes two forward sweeps per leaf, shared out over the cores:
                // time a few sweeps (after one that warms up) to say how long.
                let tape = Tape.compile input.Output.Expr
                let inputs = tape.Inputs input.LeafValues
                let values = Array.zeroCreate<float> tape.Length
                tape.Forward(ReadOnlySpan inputs, Span values) |> ignore
                let clock = Diagnostics.Stopwatch.StartNew()

                for _ in 1..3 do
                    tape.Forward(ReadOnlySpan inputs, Span values) |> ignore

                let perSweep = clock.Elapsed.TotalSeconds / 3.0

                let full =
                    perSweep * 2.0 * float leafCount / float (max 1 Environment.ProcessorCount)

                Console.Error.Write(
                    $"{Terminal.ProgramName}: note: '{input.Output.Name}' has {leafCount:N0} leaves, more than {GradientCheck.MaxLeavesOneByOne:N0}: checked {GradientCheck.DirectionCount} random directions instead of each leaf; --all-leaves checks each one (about {max 1.0 (Math.Round full):N0} s here)\n"
                )

            let number = NumberOptions.numberWith options.Digits

            match options.Format, second with
            | "json", None ->
                use stdout = Console.OpenStandardOutput()
                Json.writeCheck stdout result
            | "json", Some checks ->
                use stdout = Console.OpenStandardOutput()
                writeSecondJson stdout result checks
            | "markdown", _ ->
                use writer = Terminal.openStandardOutput ()
                Markdown.writeCheck writer number result

                second
                |> Option.iter (fun checks ->
                    writer.Write "\n| first | second | analytic | numeric | error | ok |\n"
                    writer.Write "|:------|:-------|---------:|--------:|------:|:--:|\n"

                    for c in checks do
                        let ok = if c.Ok then "ok" else "**FAIL**"

                        writer.Write
                            $"| `{c.First}` | `{c.Second}` | {number c.Analytic} | {number c.Numeric} | {number c.Error} | {ok} |\n")
            | _ ->
                use writer = Terminal.openStandardOutput ()
                let styles = Terminal.Styles(Terminal.useColour ())
                Table.writeCheck writer styles number result
                second |> Option.iter (writeSecondTable writer styles number result)

            let secondOk = second |> Option.forall (Array.forall _.Ok)
            let evaluation = Evaluation.run input.File input.Output input.LeafValues
            Terminal.reportDiagnostics (Evaluation.outputWarnings input.File input.Output true)

            CommonOptions.finishWithWarnings
                options.FailOnNonFinite
                (Option.toList (Evaluation.nonFiniteWarning input.File evaluation))
                (if result.Ok && secondOk then
                     ExitCodes.Success
                 else
                     ExitCodes.CheckFailed))

/// Refuses a value that parses but is not a positive finite number (System.CommandLine reports one that does not parse).
let private positive (name: string) (option: Option<float>) =
    option.Validators.Add(fun result ->
        for token in result.Tokens do
            match Overrides.tryParseNumber token.Value with
            | Some value when not (Double.IsFinite value) || value <= 0.0 ->
                result.AddError $"{name} must be a positive number, got '{token.Value}'."
            | _ -> ())

/// The `check` command.
let create () =
    let file = CommonOptions.fileArgument ()
    let ofName = CommonOptions.ofOption ()
    let sets = CommonOptions.setOption ()
    let format = CommonOptions.formatOption [ "table"; "json"; "markdown" ]

    let tolerance =
        Option<float>(
            "--tolerance",
            Description =
                $"Relative-or-absolute tolerance: a leaf passes when |a-n| <= T * max(1, |a|, |n|). [default: {NumberText.roundTrip NumericCheck.defaults.Tolerance}]",
            HelpName = "T"
        )

    let step =
        Option<float>(
            "--step",
            Description =
                $"Step h of the central differences (f(x+h) - f(x-h)) / 2h. [default: {NumberText.roundTrip NumericCheck.defaults.Step}]",
            HelpName = "H"
        )

    let order =
        Option<string>(
            "--order",
            Description =
                "1: check the gradient; 2: also the Hessian, against central differences of the analytic gradient. [default: 1]",
            HelpName = "N"
        )

    order.Validators.Add(fun result ->
        for token in result.Tokens do
            match token.Value with
            | "1"
            | "2" -> ()
            | _ -> result.AddError $"--order must be 1 or 2, got '{token.Value}'.")

    positive "--tolerance" tolerance
    positive "--step" step

    let command =
        Command(
            "check",
            "Compare every leaf's analytic gradient with a central-difference numeric gradient; exit 1 when any is outside the tolerance."
        )

    command.Arguments.Add file

    let failOnNonFinite = CommonOptions.failOnNonFiniteOption ()
    let digits = NumberOptions.digitsOption ()

    let allLeaves =
        Option<bool>(
            "--all-leaves",
            Description =
                $"Check each leaf one by one even when there are more than {GradientCheck.MaxLeavesOneByOne:N0} (beyond that, {GradientCheck.DirectionCount} random directions are checked instead)."
        )

    for option in
        [
            ofName :> Option
            sets
            format
            digits
            tolerance
            step
            order
            allLeaves
            failOnNonFinite
        ] do
        command.Options.Add option

    command.SetAction(
        Func<ParseResult, int>(fun parsed ->
            // The defaults are applied here rather than by DefaultValueFactory, whose help text
            // would print them as .NET formats doubles (1E-06).
            let valueOr (fallback: float) (option: Option<float>) =
                match parsed.GetResult option with
                | null -> fallback
                | _ -> parsed.GetValue option

            run {
                Path = parsed.GetValue file
                Of = Option.ofObj (parsed.GetValue ofName)
                Sets = parsed.GetValue sets |> Option.ofObj |> Option.defaultValue [||]
                Format = parsed.GetValue format
                Digits = parsed.GetValue digits
                Tolerance = valueOr NumericCheck.defaults.Tolerance tolerance
                Step = valueOr NumericCheck.defaults.Step step
                Order =
                    match parsed.GetValue order with
                    | "2" -> 2
                    | _ -> 1
                FailOnNonFinite = parsed.GetValue failOnNonFinite
                AllLeaves = parsed.GetValue allLeaves
            })
    )

    command
