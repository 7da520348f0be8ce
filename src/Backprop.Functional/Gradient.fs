namespace Backprop.Functional

open System
open System.Collections.Generic

/// <summary>
/// The result of one reverse-mode pass: the root's value, and the value and gradient of every
/// node and of every variable.
/// </summary>
[<Sealed; StructuredFormatDisplay("{Display}")>]
type Gradients internal (tape: Tape, values: float[], adjoints: float[], variableGradients: float[]) =

    let byName =
        lazy
            (let d = Dictionary<string, float>(tape.Variables.Count)

             for slot in 0 .. tape.Variables.Count - 1 do
                 d.Add(tape.Variables[slot], variableGradients[slot])

             d :> IReadOnlyDictionary<string, float>)

    /// The value of the root expression.
    member _.Value = values[tape.OutputCount - 1]

    /// The tape that computed this result.
    member _.Tape = tape

    /// <summary>
    /// d(root)/d(node) for any node of the expression, named or not; 0 for an expression the root
    /// does not depend on. O(1).
    /// </summary>
    member _.Of(node: Expr) =
        match tape.TryIndexOf node with
        | ValueSome i -> adjoints[i]
        | ValueNone -> 0.0

    /// <summary>The value of a node of the expression; raises <c>KeyNotFoundException</c> for a node outside it. O(1).</summary>
    member _.ValueOf(node: Expr) =
        match tape.TryIndexOf node with
        | ValueSome i -> values[i]
        | ValueNone -> raise (KeyNotFoundException $"The expression {node} is not part of this computation.")

    /// <summary>d(root)/d(variable) by name; raises <c>KeyNotFoundException</c> for a name the expression does not use.</summary>
    member _.Item
        with get (name: string) =
            match tape.SlotOf name with
            | -1 -> raise (KeyNotFoundException $"The expression has no variable '{name}'.")
            | slot -> variableGradients[slot]

    /// d(root)/d(variable) for every variable of the expression.
    member _.Variables = byName.Value

    /// Node values in the tape's topological order.
    member _.NodeValues: IReadOnlyList<float> = values

    /// Node gradients (adjoints) in the tape's topological order.
    member _.NodeGradients: IReadOnlyList<float> = adjoints

    /// <summary>
    /// The value and the first ten variables' gradients, as micrograd prints a value:
    /// <c>Gradients(value=-6, a=-3, b=2)</c>; longer ones end with the number of the rest.
    /// </summary>
    override this.ToString() =
        let shown = 10
        let count = tape.Variables.Count

        let number (x: float) =
            x.ToString("R", Globalization.CultureInfo.InvariantCulture)

        let text = Text.StringBuilder("Gradients(value=").Append(number this.Value)

        for slot in 0 .. min shown count - 1 do
            text.Append(", ").Append(tape.Variables[slot]).Append('=').Append(number variableGradients[slot])
            |> ignore

        if count > shown then
            text.Append($", … {count - shown} more") |> ignore

        text.Append(')').ToString()

    /// Used by <c>%A</c>; the same as <c>ToString</c>.
    member this.Display = this.ToString()

/// Reverse-mode gradients of expressions.
[<RequireQualifiedAccess>]
module Gradient =

    /// <summary>
    /// Runs a compiled tape once on inputs in slot order and keeps every buffer in the result.
    /// </summary>
    [<CompiledName("OfTape")>]
    let ofTape (tape: Tape) (inputs: float[]) : Gradients =
        let values = Array.zeroCreate<float> tape.Length
        let adjoints = Array.zeroCreate<float> tape.Length
        let gradients = Array.zeroCreate<float> tape.Variables.Count

        tape.Gradient(ReadOnlySpan inputs, Span values, Span adjoints, Span gradients)
        |> ignore

        Gradients(tape, values, adjoints, gradients)

    /// <summary>
    /// The value and every gradient of <paramref name="root"/>, by one forward and one reverse
    /// sweep over its distinct nodes. O(nodes + edges) time and memory, iterative at any depth.
    /// Raises <see cref="T:Backprop.Functional.UnboundVariableException"/> for a variable with no value.
    /// </summary>
    [<CompiledName("Compute")>]
    let compute (bindings: IReadOnlyDictionary<string, float>) (root: Expr) : Gradients =
        let tape = Tape.compile root
        ofTape tape (tape.Inputs bindings)
