namespace Backprop.Functional.Language

open System
open System.Collections.Generic
open Backprop.Functional

/// <summary>
/// One row of a result: a scalar binding, or one element of a vector or matrix binding, with its
/// value and the gradient of the output with respect to it. A struct: a million rows are one
/// array, not a million objects.
/// </summary>
[<Struct>]
type BindingResult = {
    /// The binding.
    Binding: Binding
    /// The row's name: the binding's own for a scalar, <c>w[0]</c> or <c>W[1,0]</c> for an element.
    Name: string
    /// The element's place in the binding, row-major; 0 for a scalar.
    Element: int
    /// Its value.
    Value: float
    /// d(output)/d(binding); 0 when the output does not depend on it; NaN when the output is a
    /// vector or matrix, which has no gradient (<c>EvaluationResult.HasGradients</c> is false).
    Gradient: float
}

/// The value and gradient of every binding of a file.
type EvaluationResult = {
    /// The binding whose gradient is taken.
    Output: Binding
    /// The output's value (its first element's for a vector or matrix output).
    Value: float
    /// <summary>
    /// Whether the rows have gradients: false when the output is a vector or matrix, whose
    /// elements' values are computed but which has no gradient (take <c>sum</c>, an element, or
    /// its Jacobian).
    /// </summary>
    HasGradients: bool
    /// Every binding in file order; a vector or matrix as one row per element, row-major.
    Results: BindingResult[]
    /// <summary>
    /// The core's result for the output, with the value and gradient of every node of the file:
    /// the output's graph first (<c>Graph.OutputCount</c> nodes), then the nodes only other
    /// bindings reach.
    /// </summary>
    Gradients: Gradients
}

/// Evaluates expression files: the output, and every binding's value and gradient.
[<RequireQualifiedAccess>]
module Evaluation =

    /// A gradient is taken of a scalar: a vector or matrix output is refused, with the ways out.
    let private requireScalar (file: ExpressionFile) (b: Binding) =
        match b.Bound with
        | Scalar _ -> Ok b
        | Shaped _ ->
            let first = b.ElementName 0

            Error(
                file.ErrorAt(
                    b,
                    $"'{b.Name}' is {Bound.describe b.Bound}, but the output must be a scalar: take sum({b.Name}), mean({b.Name}) or an element such as {first}, or name a scalar output"
                )
            )

    /// <summary>
    /// The output binding: the named one, else the last. It must be a scalar. A name the file does
    /// not bind is an error at 1:1 (<c>the file binds no 'z'</c>); a vector or matrix is an error at
    /// its binding that suggests <c>sum</c>, <c>mean</c> or an element, and ends
    /// <c>or name a scalar output</c>, so that a caller can add how its users name one (the tool
    /// adds <c>with --of</c>). A function of the file is not an output: that is an error at its
    /// definition. The messages do not say where the name came from: the tool puts
    /// <c>--of NAME: </c> in front of them.
    /// </summary>
    let output (file: ExpressionFile) (name: string option) : Result<Binding, Diagnostic> =
        match name with
        | None -> requireScalar file file.LastBinding
        | Some name ->
            match file.TryFind name, file.TryFindFunction name with
            | Some b, _ -> requireScalar file b
            | None, Some f ->
                Error(
                    file.ErrorAt(
                        f,
                        $"'{name}' is a function, not a binding: it has no value of its own; bind a call of it, as in y = {name}(…), and name that"
                    )
                )
            | None, None ->
                let names = file.Bindings |> Seq.map _.Name
                Error(Diagnostic.fileError file.File $"the file binds no '{name}'{Suggestions.didYouMean names name}")

    /// <summary>
    /// The output binding for values only: the named one, else the last, a scalar or a vector or
    /// matrix (whose elements' values <c>run</c> computes without gradients).
    /// </summary>
    let outputOrTensor (file: ExpressionFile) (name: string option) : Result<Binding, Diagnostic> =
        match name with
        | None -> Ok file.LastBinding
        | Some _ -> output file name

    /// <summary>
    /// The value of every binding and the gradient of <paramref name="output"/> with respect to it,
    /// by one forward sweep over the graph of every binding and one reverse sweep over the
    /// output's (the core's <c>Tape.compileRoots</c>). A vector or matrix binding gives one row per
    /// element, row-major. A vector or matrix output gives the values only (every gradient NaN,
    /// <c>HasGradients</c> false). O(size of the file).
    /// </summary>
    let run
        (file: ExpressionFile)
        (output: Binding)
        (leafValues: IReadOnlyDictionary<string, float>)
        : EvaluationResult =
        // One tape: the output's graph, then the bindings the output does not depend on.
        let hasGradients = output.Shape.IsNone
        let root = output.Elements[0]
        let bindings = file.Bindings
        // Every row's expression, in row order: a scalar binding's own, a tensor's elements.
        let mutable rowCount = 0

        for b in bindings do
            rowCount <-
                rowCount
                + match b.Bound with
                  | Scalar _ -> 1
                  | Shaped t -> t.Elements.Count

        let rows = Array.zeroCreate<Expr> rowCount
        let mutable r = 0

        for b in bindings do
            match b.Bound with
            | Scalar e ->
                rows[r] <- e
                r <- r + 1
            | Shaped t ->
                for e in t.Elements do
                    rows[r] <- e
                    r <- r + 1

        let tape = Tape.compileRoots root rows

        let gradients = Gradient.ofTape tape (tape.Inputs leafValues)
        let results = Array.zeroCreate<BindingResult> rowCount
        r <- 0

        for b in bindings do
            let count =
                match b.Bound with
                | Scalar _ -> 1
                | Shaped t -> t.Elements.Count

            for k in 0 .. count - 1 do
                results[r] <- {
                    Binding = b
                    Name = b.ElementName k
                    Element = k
                    Value = gradients.ValueOf rows[r]
                    Gradient = if hasGradients then gradients.Of rows[r] else nan
                }

                r <- r + 1

        {
            Output = output
            Value = gradients.Value
            HasGradients = hasGradients
            Results = results
            Gradients = gradients
        }

    /// <summary>
    /// Warnings about an output that cannot be what was meant: an output that is itself a leaf
    /// (an extra <c>unused = 5</c> as the last line makes it the output, every gradient 0), and,
    /// when <paramref name="unusedLeaves"/>, leaves the output does not depend on (named, the
    /// first five). Empty when neither holds.
    /// </summary>
    let outputWarnings (file: ExpressionFile) (output: Binding) (unusedLeaves: bool) : Diagnostic list =
        let warn (b: Binding) message = {
            file.ErrorAt(b, message) with
                Severity = Severity.Warning
        }

        if output.IsLeaf then
            [
                warn
                    output
                    $"the output '{output.Name}' is a leaf, an input: every gradient is 0 (take the gradient of another binding with --of, or move this line up)"
            ]
        elif not unusedLeaves then
            []
        else
            let used = HashSet<string>()

            for e in (Graph.ofRoots output.Elements[0] output.Elements).Nodes do
                match e.Node with
                | Var name -> used.Add name |> ignore
                | _ -> ()

            let unused =
                file.Bindings
                |> Seq.filter (fun b ->
                    b.IsLeaf
                    && b.LeafVariables |> Array.forall (fun (v, _) -> not (used.Contains v)))
                |> List.ofSeq

            match unused with
            | [] -> []
            | first :: _ ->
                let names =
                    unused
                    |> List.truncate 5
                    |> List.map (fun b -> $"'{b.Name}'")
                    |> String.concat ", "

                let more =
                    if unused.Length > 5 then
                        $" and {unused.Length - 5} more"
                    else
                        ""

                let count =
                    if unused.Length = 1 then
                        "a leaf"
                    else
                        $"{unused.Length} leaves"

                [
                    warn first $"'{output.Name}' does not depend on {count}: {names}{more} (their gradients are 0)"
                ]

    /// <summary>
    /// A warning naming where a non-finite number starts: the first binding (in file order, as the
    /// forward sweep computes them) whose value is not finite; or else the binding whose gradient
    /// became non-finite first in the reverse sweep (the last in file order with a non-finite
    /// gradient: the reverse sweep reaches later bindings first, and passes the infinity or NaN on
    /// to earlier ones). <c>None</c> when every number is finite.
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
        | Some r -> warn r $"'{r.Name}' is {describe r.Value}: the first binding whose value is not finite"
        | None ->
            let gradients = if result.HasGradients then result.Results else [||]

            match gradients |> Array.tryFindBack (fun r -> not (Double.IsFinite r.Gradient)) with
            | Some r ->
                warn
                    r
                    $"the gradient of '{result.Output.Name}' with respect to '{r.Name}' is {describe r.Gradient}: the first gradient to become non-finite in the reverse sweep"
            | None -> None
