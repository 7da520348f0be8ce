namespace Backprop.Functional.Language

open System.Collections.Generic
open System.IO
open Backprop.Functional

/// <summary>
/// The computation graph as text, drawn as micrograd's <c>draw_dot</c> draws it.
/// </summary>
/// <remarks>
/// Every value is a record node <c>name | data | grad</c> (unnamed intermediates and constants
/// have an empty name); every operation is a small node of its own, with an edge from each
/// operand into it and one edge from it to its result. A constant exponent is written into the
/// operator (<c>**2</c>, <c>**-1</c>) rather than drawn, as micrograd does. Only the output's
/// graph is drawn. Rendering is iterative and O(nodes), written straight to a <c>TextWriter</c>.
/// </remarks>
[<RequireQualifiedAccess>]
module GraphRender =

    type private Drawn = {
        Names: string[]
        Operator: string option
        Operands: int list
    }

    /// The operator label and the operands drawn as edges, for every node.
    let private layout (file: ExpressionFile) (result: EvaluationResult) : Drawn[] =
        let graph = result.Gradients.Tape.Graph
        let names = Dictionary<int, ResizeArray<string>>()

        for b in file.Bindings do
            match graph.TryIndexOf b.Expr with
            | ValueSome i ->
                match names.TryGetValue i with
                | true, list -> list.Add b.Name
                | _ -> names[i] <- ResizeArray [ b.Name ]
            | ValueNone -> ()

        let index (e: Expr) = (graph.TryIndexOf e).Value

        graph.Nodes
        |> Seq.mapi (fun i node ->
            let op, operands =
                match node.Node with
                | Const _
                | Var _ -> None, []
                | Add(a, b) -> Some "+", [ index a; index b ]
                | Mul(a, b) -> Some "*", [ index a; index b ]
                | Pow(a, b) ->
                    match b.Node with
                    | Const c -> Some("**" + NumberText.short c), [ index a ]
                    | _ -> Some "**", [ index a; index b ]
                | Exp x -> Some "exp", [ index x ]
                | Log x -> Some "log", [ index x ]
                | Tanh x -> Some "tanh", [ index x ]
                | Sigmoid x -> Some "sigmoid", [ index x ]
                | Relu x -> Some "relu", [ index x ]
                | Max(a, b) -> Some "max", [ index a; index b ]
                | Min(a, b) -> Some "min", [ index a; index b ]

            {
                Names =
                    match names.TryGetValue i with
                    | true, list -> list.ToArray()
                    | _ -> [||]
                Operator = op
                Operands = operands
            })
        |> Array.ofSeq

    /// Which nodes appear: all but constants used only as exponents of a power.
    let private visible (drawn: Drawn[]) (result: EvaluationResult) =
        let graph = result.Gradients.Tape.Graph
        let shown = Array.create drawn.Length false

        for i in 0 .. drawn.Length - 1 do
            match graph.Nodes[i].Node with
            | Const _ -> ()
            | _ ->
                shown[i] <- true

                for operand in drawn[i].Operands do
                    shown[operand] <- true

        shown

    let private escapeDot (text: string) =
        let b = System.Text.StringBuilder()

        for c in text do
            match c with
            | '{'
            | '}'
            | '|'
            | '<'
            | '>'
            | '"'
            | '\\' -> b.Append('\\').Append(c) |> ignore
            | _ -> b.Append c |> ignore

        b.ToString()

    /// <summary>
    /// Graphviz DOT, left to right: a record node <c>{ name | data V | grad G }</c> per value and an
    /// ellipse per operation. Render with <c>dot -Tsvg</c>.
    /// </summary>
    let writeDot (writer: TextWriter) (file: ExpressionFile) (result: EvaluationResult) =
        let drawn = layout file result
        let shown = visible drawn result
        let values = result.Gradients.NodeValues
        let grads = result.Gradients.NodeGradients
        writer.Write("digraph \"")
        writer.Write(escapeDot result.Output.Name)
        writer.Write("\" {\n  rankdir=LR;\n  node [shape=record];\n")

        for i in 0 .. drawn.Length - 1 do
            if shown[i] then
                let d = drawn[i]
                let name = escapeDot (String.concat ", " d.Names)

                writer.Write(
                    $"  n{i} [label=\"{{ {name} | data {NumberText.short values[i]} | grad {NumberText.short grads[i]} }}\"];\n"
                )

                match d.Operator with
                | Some op ->
                    writer.Write($"  n{i}_op [label=\"{escapeDot op}\", shape=ellipse];\n")
                    writer.Write($"  n{i}_op -> n{i};\n")

                    for operand in d.Operands do
                        writer.Write($"  n{operand} -> n{i}_op;\n")
                | None -> ()

        writer.Write("}\n")

    let private escapeMermaid (text: string) = text.Replace("\"", "#quot;")

    /// <summary>
    /// A Mermaid flowchart, left to right, with the same nodes and edges as the DOT output;
    /// paste it into a <c>```mermaid</c> block of a Markdown file.
    /// </summary>
    let writeMermaid (writer: TextWriter) (file: ExpressionFile) (result: EvaluationResult) =
        let drawn = layout file result
        let shown = visible drawn result
        let values = result.Gradients.NodeValues
        let grads = result.Gradients.NodeGradients
        writer.Write("flowchart LR\n")

        for i in 0 .. drawn.Length - 1 do
            if shown[i] then
                let d = drawn[i]
                let name = escapeMermaid (String.concat ", " d.Names)

                writer.Write(
                    $"  n{i}[\"{name} | data {NumberText.short values[i]} | grad {NumberText.short grads[i]}\"]\n"
                )

                match d.Operator with
                | Some op ->
                    writer.Write($"  n{i}_op((\"{escapeMermaid op}\"))\n")
                    writer.Write($"  n{i}_op --> n{i}\n")

                    for operand in d.Operands do
                        writer.Write($"  n{operand} --> n{i}_op\n")
                | None -> ()
