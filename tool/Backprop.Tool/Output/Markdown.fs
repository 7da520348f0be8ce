/// A GitHub-flavoured Markdown table, ready for a CI job summary.
module Backprop.Tool.Output.Markdown

open System.IO
open Backprop.Functional.Language

/// A table of every binding in file order (a vector or matrix as its elements `w[0]`, `W[1,0]`),
/// names in code spans, the output's name in bold.
let writeEvaluation (writer: TextWriter) (result: EvaluationResult) =
    writer.Write "| name | value | grad | leaf |\n"
    writer.Write "|:-----|------:|-----:|:----:|\n"

    for r in result.Results do
        let name =
            if r.Binding.Index = result.Output.Index then
                $"**`{r.Name}`**"
            else
                $"`{r.Name}`"

        let leaf = if r.Binding.IsLeaf then "yes" else ""

        let gradient =
            if result.HasGradients then
                NumberText.roundTrip r.Gradient
            else
                ""

        writer.Write $"| {name} | {NumberText.roundTrip r.Value} | {gradient} | {leaf} |\n"
