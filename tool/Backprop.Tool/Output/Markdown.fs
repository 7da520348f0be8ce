/// A GitHub-flavoured Markdown table, ready for a CI job summary.
module Backprop.Tool.Output.Markdown

open System.IO
open Backprop.Functional.Language

/// A table of every binding in file order (a vector or matrix as its elements `w[0]`, `W[1,0]`),
/// names in code spans, the output's name in bold.
let writeEvaluation (writer: TextWriter) (number: float -> string) (result: EvaluationResult) =
    writer.Write "| name | value | grad | leaf |\n"
    writer.Write "|:-----|------:|-----:|:----:|\n"

    for r in result.Results do
        let name =
            if r.Binding.Index = result.Output.Index then
                $"**`{r.Name}`**"
            else
                $"`{r.Name}`"

        let leaf = if r.Binding.IsLeaf then "yes" else ""

        let gradient = if result.HasGradients then number r.Gradient else ""

        writer.Write $"| {name} | {number r.Value} | {gradient} | {leaf} |\n"

/// A gradient check for a CI job summary: a row per leaf (or per random direction) and the
/// verdict in bold, with the step and tolerance.
let writeCheck (writer: TextWriter) (number: float -> string) (result: CheckResult) =
    let verdict (ok: bool) = if ok then "ok" else "**FAIL**"

    if result.Directions.Length > 0 then
        writer.Write "| direction | analytic | numeric | error | ok |\n"
        writer.Write "|:---------|---------:|--------:|------:|:--:|\n"

        for d in result.Directions do
            writer.Write
                $"| {d.Index} | {number d.Analytic} | {number d.Numeric} | {number d.Error} | {verdict d.Ok} |\n"
    else
        writer.Write "| leaf | value | analytic | numeric | error | ok |\n"
        writer.Write "|:-----|------:|---------:|--------:|------:|:--:|\n"

        for leaf in result.Leaves do
            writer.Write
                $"| `{leaf.Name}` | {number leaf.Value} | {number leaf.Analytic} | {number leaf.Numeric} | {number leaf.Error} | {verdict leaf.Ok} |\n"

    let checkedOnes, what =
        if result.Directions.Length > 0 then
            let leaves = NumberText.count result.LeafCount "leaf" "leaves"
            result.Directions.Length, $"random directions of `{result.Output.Name}` ({leaves})"
        else
            result.Leaves.Length, $"of `{result.Output.Name}`"

    let noun =
        if result.Directions.Length > 0 then ""
        elif checkedOnes = 1 then "leaf "
        else "leaves "

    let settings = $"step {number result.Step}, tolerance {number result.Tolerance}"

    writer.Write(
        if result.Ok then
            let all = if checkedOnes = 1 then "the 1" else $"all {checkedOnes}"
            $"\n**ok**: {all} {noun}{what} within tolerance ({settings}).\n"
        else
            $"\n**FAILED**: {checkedOnes} {noun}{what} checked, some outside tolerance ({settings}).\n"
    )
