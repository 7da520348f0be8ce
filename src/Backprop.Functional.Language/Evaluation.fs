namespace Backprop.Functional.Language

open System
open System.Collections.Generic
open Backprop.Functional

/// One binding's value, and the gradient of the output with respect to it.
type BindingResult = {
    /// The binding.
    Binding: Binding
    /// Its value.
    Value: float
    /// d(output)/d(binding); 0 when the output does not depend on it.
    Gradient: float
}

/// The value and gradient of every binding of a file.
type EvaluationResult = {
    /// The binding whose gradient is taken.
    Output: Binding
    /// The output's value.
    Value: float
    /// Every binding, in file order.
    Results: BindingResult[]
    /// The core's result for the output, with the value and gradient of every node of its graph.
    Gradients: Gradients
}

/// Evaluates expression files: the output, and every binding's value and gradient.
[<RequireQualifiedAccess>]
module Evaluation =

    /// <summary>
    /// The output binding: the named one (the command line's <c>--of</c>), else the last.
    /// </summary>
    let output (file: ExpressionFile) (name: string option) : Result<Binding, Diagnostic> =
        match name with
        | None -> Ok file.LastBinding
        | Some name ->
            match file.TryFind name with
            | Some b -> Ok b
            | None -> Error(Diagnostic.fileError file.File $"--of {name}: the file binds no '{name}'")

    /// <summary>
    /// The value of every binding and the gradient of <paramref name="output"/> with respect to it,
    /// by one forward and reverse sweep over the output's graph, plus one forward sweep over the
    /// bindings the output does not depend on. O(size of the file).
    /// </summary>
    let run
        (file: ExpressionFile)
        (output: Binding)
        (leafValues: IReadOnlyDictionary<string, float>)
        : EvaluationResult =
        let gradients = Gradient.compute leafValues output.Expr
        let graph = gradients.Tape.Graph

        let unreached =
            file.Bindings
            |> Seq.filter (fun b -> (graph.TryIndexOf b.Expr).IsNone)
            |> Seq.map _.Expr
            |> Array.ofSeq

        // Values of bindings outside the output's graph come from one more sweep over all of them.
        let others =
            if unreached.Length = 0 then
                None
            else
                Some(Gradient.compute leafValues (Expr.sum unreached))

        let results =
            file.Bindings
            |> Seq.map (fun b ->
                match graph.TryIndexOf b.Expr with
                | ValueSome i -> {
                    Binding = b
                    Value = gradients.NodeValues[i]
                    Gradient = gradients.NodeGradients[i]
                  }
                | ValueNone -> {
                    Binding = b
                    Value = others.Value.ValueOf b.Expr
                    Gradient = 0.0
                  })
            |> Array.ofSeq

        {
            Output = output
            Value = gradients.Value
            Results = results
            Gradients = gradients
        }

    /// <summary>
    /// A warning naming the first binding (in file order) whose value is not finite, or else the
    /// first whose gradient is not finite; <c>None</c> when every number is finite.
    /// </summary>
    let nonFiniteWarning (file: ExpressionFile) (result: EvaluationResult) : Diagnostic option =
        let describe (x: float) =
            if Double.IsNaN x then "nan"
            elif x > 0.0 then "inf"
            else "-inf"

        let warn (r: BindingResult) message =
            Some {
                file.ErrorAt(r.Binding, message) with
                    Severity = Severity.Warning
            }

        match result.Results |> Array.tryFind (fun r -> not (Double.IsFinite r.Value)) with
        | Some r -> warn r $"'{r.Binding.Name}' is {describe r.Value}: the first binding whose value is not finite"
        | None ->
            match result.Results |> Array.tryFind (fun r -> not (Double.IsFinite r.Gradient)) with
            | Some r ->
                warn
                    r
                    $"the gradient of '{result.Output.Name}' with respect to '{r.Binding.Name}' is {describe r.Gradient}: the first gradient that is not finite"
            | None -> None
