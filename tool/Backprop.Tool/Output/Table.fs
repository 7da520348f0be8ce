/// Aligned, human-readable tables: the default output of `eval` and `check`.
module Backprop.Tool.Output.Table

open System
open System.IO
open Backprop.Functional.Language
open Backprop.Tool.Terminal

/// How a column is aligned.
type Align =
    | Left
    | Right

/// <summary>
/// Writes a table with columns padded to their widest cell. Cells are produced on demand by
/// <paramref name="cells"/>, once to measure and once to write, so a table of a million rows
/// never holds its text in memory. <paramref name="style"/> colours a padded cell (row, column).
/// </summary>
let write
    (writer: TextWriter)
    (headers: string[])
    (aligns: Align[])
    (rows: int)
    (cells: int -> string[])
    (style: int -> int -> string -> string)
    (headerStyle: string -> string)
    =
    let widths = headers |> Array.map _.Length

    for r in 0 .. rows - 1 do
        let row = cells r

        for c in 0 .. row.Length - 1 do
            widths[c] <- Math.Max(widths[c], row[c].Length)

    let pad c (text: string) =
        match aligns[c] with
        | Left -> text.PadRight widths[c]
        | Right -> text.PadLeft widths[c]

    let writeRow (row: string[]) (styleCell: int -> string -> string) =
        // Trailing blank cells are dropped so that no line ends in spaces.
        let mutable last = row.Length - 1

        while last > 0 && String.IsNullOrEmpty row[last] do
            last <- last - 1

        for c in 0..last do
            if c > 0 then
                writer.Write "  "

            let text =
                if c = last && aligns[c] = Left then
                    row[c]
                else
                    pad c row[c]

            writer.Write(styleCell c text)

        writer.Write '\n'

    writeRow headers (fun _ text -> headerStyle text)

    for r in 0 .. rows - 1 do
        writeRow (cells r) (style r)

let private isFinite (x: float) = Double.IsFinite x

/// <summary><c>all 3 leaves</c>, or <c>the 1 leaf</c>: "all" of one reads wrong.</summary>
let everyOne (n: int) (singular: string) (plural: string) =
    if n = 1 then
        "the 1 " + singular
    else
        "all " + NumberText.count n singular plural

/// Every binding in file order (a vector or matrix as its elements `w[0]`, `W[1,0]`): name, value,
/// grad, and "leaf" for leaves; the output row in bold. `number` writes the numbers (NumberText.significant).
let writeEvaluation (writer: TextWriter) (styles: Styles) (number: float -> string) (result: EvaluationResult) =
    let rows = result.Results

    write
        writer
        [| "name"; "value"; "grad"; "leaf" |]
        [| Left; Right; Right; Left |]
        rows.Length
        (fun r ->
            let row = rows[r]

            [|
                row.Name
                number row.Value
                (if result.HasGradients then number row.Gradient else "")
                (if row.Binding.IsLeaf then "leaf" else "")
            |])
        (fun r c text ->
            let row = rows[r]

            match c with
            | 1 when not (isFinite row.Value) -> styles.Bad text
            | 2 when result.HasGradients && not (isFinite row.Gradient) -> styles.Bad text
            | 3 -> styles.Leaf text
            | 0 when row.Binding.Index = result.Output.Index -> styles.Bold text
            | 0 when row.Binding.IsLeaf -> styles.Leaf text
            | _ -> text)
        styles.Bold

/// Random directions: each one's ∇f·v, central difference, error and ok/FAIL; then a summary line.
let private writeDirections (writer: TextWriter) (styles: Styles) (number: float -> string) (result: CheckResult) =
    let directions = result.Directions

    write
        writer
        [| "direction"; "analytic"; "numeric"; "error"; "ok" |]
        [| Left; Right; Right; Right; Left |]
        directions.Length
        (fun r ->
            let d = directions[r]

            [|
                string d.Index
                number d.Analytic
                number d.Numeric
                number d.Error
                (if d.Ok then "ok" else "FAIL")
            |])
        (fun r c text ->
            match c with
            | 4 when directions[r].Ok -> styles.Good text
            | 4 -> styles.Bad text
            | _ -> text)
        styles.Bold

    let settings = $"step {number result.Step}, tolerance {number result.Tolerance}"

    let failed = directions |> Array.filter (fun d -> not d.Ok)
    let ok, fail = styles.Good "ok", styles.Bad "FAILED"

    let what =
        let leaves = NumberText.count result.LeafCount "leaf" "leaves"
        $"random directions (entries ±1, seed {result.Seed}) of '{result.Output.Name}', which has {leaves}"

    if failed.Length = 0 then
        writer.Write($"{settings}: {ok}, all {directions.Length} {what}, within tolerance\n")
    else
        writer.Write($"{settings}: {fail}, {failed.Length} of {directions.Length} {what}, outside tolerance\n")

/// Every leaf: its value, analytic and numeric gradients, the error and ok/FAIL; then a summary
/// line. A check along random directions is a table of directions instead.
let writeCheck (writer: TextWriter) (styles: Styles) (number: float -> string) (result: CheckResult) =
    if result.Directions.Length > 0 then
        writeDirections writer styles number result
    else
        let leaves = result.Leaves

        write
            writer
            [| "name"; "value"; "analytic"; "numeric"; "error"; "ok" |]
            [| Left; Right; Right; Right; Right; Left |]
            leaves.Length
            (fun r ->
                let leaf = leaves[r]

                [|
                    leaf.Name
                    number leaf.Value
                    number leaf.Analytic
                    number leaf.Numeric
                    number leaf.Error
                    (if leaf.Ok then "ok" else "FAIL")
                |])
            (fun r c text ->
                match c with
                | 5 when leaves[r].Ok -> styles.Good text
                | 5 -> styles.Bad text
                | _ -> text)
            styles.Bold

        let settings = $"step {number result.Step}, tolerance {number result.Tolerance}"

        let failed = leaves |> Array.filter (fun l -> not l.Ok)

        let ok, fail = styles.Good "ok", styles.Bad "FAILED"

        if failed.Length = 0 then
            let all = everyOne leaves.Length "leaf" "leaves"
            writer.Write($"{settings}: {ok}, {all} of '{result.Output.Name}' within tolerance\n")
        else
            let names = failed |> Array.map _.Name |> String.concat ", "

            writer.Write(
                let ofAll = NumberText.count leaves.Length "leaf" "leaves"
                $"{settings}: {fail}, {failed.Length} of {ofAll} of '{result.Output.Name}' outside tolerance: {names}\n"
            )
