namespace Backprop.Interactive

open System.Collections.Generic
open System.Text
open Backprop.Functional
open Backprop.Functional.Language

/// <summary>
/// Computation graphs and gradients as plain text: what F# Interactive prints (through
/// <c>fsi.AddPrinter</c>) and what a notebook shows when Graphviz is missing. One line per node,
/// operands before their uses: <c>e = a * b   data -6   grad -2</c>. Bounded in length.
/// </summary>
[<RequireQualifiedAccess>]
module TextForm =

    /// The most nodes written out; the rest are counted on one line.
    [<Literal>]
    let MaxLines = 60

    /// Names for the nodes of a graph: labels first, then variables' names, then <c>#k</c>.
    let internal namesOf (graph: Graph) (labels: (string * Expr) seq) =
        let names = Dictionary<int, string>()

        for label, node in labels do
            match graph.TryIndexOf node with
            | ValueSome i when not (names.ContainsKey i) -> names[i] <- label
            | _ -> ()

        fun i ->
            match names.TryGetValue i, graph.Nodes[i].Node with
            | (true, name), _ -> name
            | _, Var name when not (name.StartsWith '$') -> name
            | _, Const c -> NumberText.short c
            | _ -> $"#{i}"

    /// The right-hand side of a node: its operation applied to its operands' names.
    let private definition (graph: Graph) (nameOf: int -> string) (node: Expr) =
        let operands =
            node.Children
            |> Seq.map (fun child ->
                match child.Node with
                | Const c -> NumberText.short c
                | _ -> nameOf (graph.TryIndexOf child).Value)
            |> List.ofSeq

        match node.Operation.Notation, operands with
        | Notation.Infix symbol, [ a; b ] -> $"{a} {symbol} {b}"
        | Notation.Prefix symbol, [ a ] -> $"{symbol}{a}"
        | Notation.Call name, _ -> $"""{name}({String.concat ", " operands})"""
        | _ -> $"""{node.Operation.Symbol}({String.concat ", " operands})"""

    /// <summary>
    /// The graph of the output of <paramref name="graph"/>, one line per value; with
    /// <paramref name="numbers"/> (values and gradients by node position) each line ends with
    /// <c>data V   grad G</c>. Constants used as operands are written into their uses.
    /// </summary>
    let internal ofGraph
        (graph: Graph)
        (labels: (string * Expr) seq)
        (numbers: (IReadOnlyList<float> * IReadOnlyList<float>) voption)
        =
        let nameOf = namesOf graph labels
        let nodes = graph.Nodes
        let drawn = graph.OutputCount
        let lines = ResizeArray<string * string>()

        for i in 0 .. drawn - 1 do
            match nodes[i].Node with
            | Const _ when i < drawn - 1 -> ()
            | Var _
            | Const _ -> lines.Add(nameOf i, "")
            | _ -> lines.Add(nameOf i, " = " + definition graph nameOf nodes[i])

        let width =
            lines
            |> Seq.truncate MaxLines
            |> Seq.fold (fun w (name, rhs) -> max w (name.Length + rhs.Length)) 0

        let dataWidth =
            match numbers with
            | ValueSome(values, _) ->
                seq {
                    for i in 0 .. drawn - 1 do
                        (NumberText.short values[i]).Length
                }
                |> Seq.fold max 0
            | ValueNone -> 0

        let text = StringBuilder()
        let mutable written = 0

        for i in 0 .. drawn - 1 do
            match nodes[i].Node with
            | Const _ when i < drawn - 1 -> ()
            | _ ->
                if written < MaxLines then
                    let name, rhs = lines[written]
                    text.Append(name).Append(rhs) |> ignore

                    match numbers with
                    | ValueSome(values, grads) ->
                        text
                            .Append(' ', width - name.Length - rhs.Length + 3)
                            .Append("data ")
                            .Append((NumberText.short values[i]).PadRight dataWidth)
                            .Append("   grad ")
                            .Append(NumberText.short grads[i])
                        |> ignore
                    | ValueNone -> ()

                    text.Append('\n') |> ignore

                written <- written + 1

        if written > MaxLines then
            text.Append($"… and {written - MaxLines} more nodes\n") |> ignore

        text.ToString()

    /// <summary>The graph of a gradient result as text: every value with its data and grad.</summary>
    let ofGradients (gradients: Gradients) : string =
        ofGraph gradients.Tape.Graph [] (ValueSome(gradients.NodeValues, gradients.NodeGradients))

    /// <summary>The structure of an expression as text: one line per value, without numbers.</summary>
    let ofExpression (root: Expr) : string =
        ofGraph (Graph.ofExpr root) [] ValueNone
