namespace Backprop.Functional.Language

open System.Collections.Generic
open Backprop.Functional

/// One leaf's (or one element of a vector or matrix leaf's) analytic gradient beside its central-difference estimate.
type LeafCheck = {
    /// The leaf.
    Binding: Binding
    /// The variable checked: the leaf's name, or an element's, <c>w[0]</c>.
    Name: string
    /// The leaf's value at the point of the check.
    Value: float
    /// From the reverse sweep.
    Analytic: float
    /// (f(x + h) - f(x - h)) / 2h.
    Numeric: float
    /// |analytic - numeric|.
    Error: float
    /// Whether the error is within the tolerance.
    Ok: bool
}

/// The outcome of a gradient check of a file.
type CheckResult = {
    /// The binding whose gradient is checked.
    Output: Binding
    /// The output's value.
    Value: float
    /// The step of the central differences.
    Step: float
    /// The relative-or-absolute tolerance.
    Tolerance: float
    /// Every leaf in file order; a vector or matrix leaf as one entry per element, row-major.
    /// Empty when random directions were checked instead.
    Leaves: LeafCheck[]
    /// The random directions checked instead of every leaf (<c>GradientCheck.runDirections</c>); empty otherwise.
    Directions: DirectionCheck[]
    /// The seed of the directions; 0 when every leaf was checked.
    Seed: int
    /// The number of leaf variables (elements of vector and matrix leaves counted one by one).
    LeafCount: int
    /// Whether every leaf (or direction) passed.
    Ok: bool
}

/// Gradient checks of expression files, leaf by leaf, on the core's <c>NumericCheck</c>.
[<RequireQualifiedAccess>]
module GradientCheck =

    /// <summary>
    /// Beyond this many leaf variables a check takes random directions (<c>runDirections</c>)
    /// unless every leaf is asked for: one by one, a check costs two forward sweeps per leaf.
    /// </summary>
    [<Literal>]
    let MaxLeavesOneByOne = 1000

    /// The number of random directions checked when there are too many leaves to check one by one.
    [<Literal>]
    let DirectionCount = 8

    /// The seed of the random directions, fixed so that a check is reproducible.
    [<Literal>]
    let DirectionSeed = 1

    /// The number of leaf variables of a file: a scalar leaf is one, a vector or matrix leaf one per element.
    let leafCount (file: ExpressionFile) =
        file.Bindings |> Seq.sumBy (fun b -> b.LeafVariables.Length)

    /// <summary>
    /// Compares every leaf's analytic gradient with a central-difference estimate (the core's
    /// <c>NumericCheck</c>), element by element for a vector or matrix leaf; leaves the output does
    /// not use have 0 for both.
    /// </summary>
    let run
        (file: ExpressionFile)
        (output: Binding)
        (leafValues: IReadOnlyDictionary<string, float>)
        (options: CheckOptions)
        : CheckResult =
        let report = NumericCheck.run options leafValues output.Expr
        let byName = report.Variables |> List.map (fun v -> v.Name, v) |> dict

        let leaves =
            file.Bindings
            |> Seq.filter _.IsLeaf
            |> Seq.collect (fun b -> b.LeafVariables |> Seq.map (fun (name, _) -> b, name))
            |> Seq.map (fun (b, name) ->
                match byName.TryGetValue name with
                | true, v -> {
                    Binding = b
                    Name = name
                    Value = v.Value
                    Analytic = v.Analytic
                    Numeric = v.Numeric
                    Error = v.Error
                    Ok = v.Ok
                  }
                | _ -> {
                    Binding = b
                    Name = name
                    Value = leafValues[name]
                    Analytic = 0.0
                    Numeric = 0.0
                    Error = 0.0
                    Ok = true
                  })
            |> Array.ofSeq

        {
            Output = output
            Value = report.Value
            Step = report.Step
            Tolerance = report.Tolerance
            Leaves = leaves
            Directions = [||]
            Seed = 0
            LeafCount = leaves.Length
            Ok = leaves |> Array.forall _.Ok
        }

    /// <summary>
    /// Checks the gradient along <c>DirectionCount</c> random directions (each entry ±1) instead of
    /// leaf by leaf: ∇f·v against central differences along v, two forward sweeps per direction,
    /// so the cost does not grow with the number of leaves (the core's <c>NumericCheck.alongDirections</c>).
    /// </summary>
    let runDirections
        (file: ExpressionFile)
        (output: Binding)
        (leafValues: IReadOnlyDictionary<string, float>)
        (options: CheckOptions)
        : CheckResult =
        let tape = Tape.compile output.Expr

        let report =
            NumericCheck.alongDirections options leafValues DirectionCount DirectionSeed tape

        let directions = Array.ofList report.Directions

        {
            Output = output
            Value = report.Value
            Step = report.Step
            Tolerance = report.Tolerance
            Leaves = [||]
            Directions = directions
            Seed = report.Seed
            LeafCount = leafCount file
            Ok = report.Ok
        }
