/// Comma-separated values: `name,value,grad,leaf`, one row per binding.
module Backprop.Tool.Output.Csv

open System.IO
open Backprop.Functional.Language

/// Header then every binding in file order; names need no quoting (they are identifiers).
let writeEvaluation (writer: TextWriter) (result: EvaluationResult) =
    writer.Write "name,value,grad,leaf\n"

    for r in result.Results do
        writer.Write r.Binding.Name
        writer.Write ','
        writer.Write(NumberText.roundTrip r.Value)
        writer.Write ','
        writer.Write(NumberText.roundTrip r.Gradient)
        writer.Write(if r.Binding.IsLeaf then ",true\n" else ",false\n")
