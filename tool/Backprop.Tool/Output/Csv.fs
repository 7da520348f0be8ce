/// Comma-separated values: `name,value,grad,leaf`, one row per binding (per element of a vector or matrix).
module Backprop.Tool.Output.Csv

open System.IO
open Backprop.Functional.Language

/// Header then every binding in file order, a vector or matrix as its elements `w[0]`, `W[1,0]`.
/// Identifiers need no quoting; a matrix element's name has a comma and is quoted, `"W[1,0]"`.
let writeEvaluation (writer: TextWriter) (result: EvaluationResult) =
    writer.Write "name,value,grad,leaf\n"

    for r in result.Results do
        // An element name of a matrix has a comma, so it is quoted (RFC 4180).
        writer.Write(if r.Name.Contains ',' then $"\"{r.Name}\"" else r.Name)
        writer.Write ','
        writer.Write(NumberText.roundTrip r.Value)
        writer.Write ','
        // A vector or matrix output has values only: the grad field is empty.
        writer.Write(
            if result.HasGradients then
                NumberText.roundTrip r.Gradient
            else
                ""
        )

        writer.Write(if r.Binding.IsLeaf then ",true\n" else ",false\n")
