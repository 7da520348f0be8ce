namespace Backprop.Functional.Language

open System.Collections.Generic
open System.IO
open Backprop.Functional

/// <summary>
/// The computation graph as text, drawn as micrograd's <c>draw_dot</c> draws it.
/// </summary>
/// <remarks>
/// Every value is a record node <c>name | data | grad</c> (unnamed intermediates and constants
/// have an empty name; a node bound under several names shows them all); every operation is a
/// small node of its own, with an edge from each operand into it and one edge from it to its
/// result. A constant exponent is written into the operator (<c>**2</c>, <c>**-1</c>) rather than
/// drawn, as micrograd does. Only the output's graph is drawn, in the core's topological order.
/// Rendering is iterative, O(nodes) time and memory, written straight to a <c>TextWriter</c>.
/// </remarks>
[<RequireQualifiedAccess>]
module GraphRender =

    /// How one text format writes the pieces of a graph.
    type private Syntax = {
        Header: TextWriter -> string -> unit
        Record: TextWriter -> int -> string -> (string * string) voption -> unit
        Operator: TextWriter -> int -> string -> unit
        Edge: TextWriter -> string -> string -> unit
        Footer: string
    }

    /// The label of the operation that computes a node, if it is not a constant or a variable;
    /// constant parameters beyond the operation's arity are written after its symbol (`**2`).
    let private operatorOf (node: Expr) =
        let operation = node.Operation

        if operation.Arity = 0 then
            ValueNone
        else
            let children = node.Children
            let label = System.Text.StringBuilder(operation.Symbol)

            for k in operation.Arity .. children.Count - 1 do
                match children[k].Node with
                | Const c -> label.Append(NumberText.short c) |> ignore
                | _ -> ()

            ValueSome(label.ToString())

    /// The positions of the operands drawn as edges into a node's operator (not constant parameters).
    let private drawnOperands (graph: Graph) (node: Expr) : int list =
        let children = node.Children

        [
            for k in 0 .. node.Operation.Arity - 1 -> (graph.TryIndexOf children[k]).Value
        ]

    /// The binding names of each node of the graph, joined with ", " for aliases; the elements of
    /// a vector or matrix binding are named as the tool's rows are, `w[0]`, `W[1,0]`.
    let private namesOf (file: ExpressionFile) (graph: Graph) =
        let names = Dictionary<int, string>()

        for b in file.Bindings do
            let elements = b.Elements

            for k in 0 .. elements.Count - 1 do
                match graph.TryIndexOf elements[k] with
                | ValueSome i ->
                    let name = b.ElementName k

                    match names.TryGetValue i with
                    | true, earlier -> names[i] <- earlier + ", " + name
                    | _ -> names[i] <- name
                | ValueNone -> ()

        names

    /// Draws the output's graph: the first <c>graph.OutputCount</c> nodes, every one of them except
    /// unnamed constants used only as exponents of a power. Records show data and grad when the
    /// numbers are given, only the name (or a constant's number) when they are not.
    let private writeGraph
        (syntax: Syntax)
        (writer: TextWriter)
        (title: string)
        (graph: Graph)
        (names: Dictionary<int, string>)
        (numbers: (IReadOnlyList<float> * IReadOnlyList<float>) voption)
        =
        let nodes = graph.Nodes
        let drawn = graph.OutputCount
        let shown = Array.zeroCreate<bool> drawn

        for i in 0 .. drawn - 1 do
            match nodes[i].Node with
            | Const _ when not (names.ContainsKey i) && i < drawn - 1 -> ()
            | _ ->
                shown[i] <- true

                for operand in drawnOperands graph nodes[i] do
                    shown[operand] <- true

        syntax.Header writer title

        for i in 0 .. drawn - 1 do
            if shown[i] then
                let name =
                    match names.TryGetValue i, nodes[i].Node with
                    | (true, n), _ -> n
                    | _, Const c when numbers.IsNone -> NumberText.short c
                    | _ -> ""

                let fields =
                    numbers
                    |> ValueOption.map (fun (values, grads) -> NumberText.short values[i], NumberText.short grads[i])

                syntax.Record writer i name fields

                match operatorOf nodes[i] with
                | ValueSome op ->
                    let opId = $"n{i}_op"
                    syntax.Operator writer i op
                    syntax.Edge writer opId $"n{i}"

                    for operand in drawnOperands graph nodes[i] do
                        syntax.Edge writer $"n{operand}" opId
                | ValueNone -> ()

        writer.Write syntax.Footer

    let private write (syntax: Syntax) (writer: TextWriter) (file: ExpressionFile) (result: EvaluationResult) =
        let gradients = result.Gradients
        let graph = gradients.Tape.Graph

        writeGraph
            syntax
            writer
            result.Output.Name
            graph
            (namesOf file graph)
            (ValueSome(gradients.NodeValues, gradients.NodeGradients))

    /// Variables by their names (but the facade's unnamed leaves, <c>$1</c>, …), then the labels
    /// given, which win; a node labelled twice shows both labels.
    let private labelsOf (graph: Graph) (labels: (string * Expr) seq) =
        let names = Dictionary<int, string>()

        for i in 0 .. graph.OutputCount - 1 do
            match graph.Nodes[i].Node with
            | Var name when not (name.StartsWith '$') -> names[i] <- name
            | _ -> ()

        let labelled = HashSet<int>()

        for label, node in labels do
            match graph.TryIndexOf node with
            | ValueSome i when i < graph.OutputCount ->
                names[i] <- if labelled.Add i then label else names[i] + ", " + label
            | _ -> ()

        names

    let private escapeDot (text: string) =
        let b = System.Text.StringBuilder(text.Length)

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

    let private dot = {
        Header = fun w output -> w.Write $"digraph \"{escapeDot output}\" {{\n  rankdir=LR;\n  node [shape=record];\n"
        Record =
            fun w i name fields ->
                match fields with
                | ValueSome(data, grad) ->
                    w.Write $"  n{i} [label=\"{{ {escapeDot name} | data {data} | grad {grad} }}\"];\n"
                | ValueNone -> w.Write $"  n{i} [label=\"{escapeDot name}\"];\n"
        Operator = fun w i op -> w.Write $"  n{i}_op [label=\"{escapeDot op}\", shape=ellipse];\n"
        Edge = fun w from into -> w.Write $"  {from} -> {into};\n"
        Footer = "}\n"
    }

    let private escapeMermaid (text: string) = text.Replace("\"", "#quot;")

    let private mermaid = {
        Header = fun w _ -> w.Write "flowchart LR\n"
        Record =
            fun w i name fields ->
                match fields with
                | ValueSome(data, grad) -> w.Write $"  n{i}[\"{escapeMermaid name} | data {data} | grad {grad}\"]\n"
                | ValueNone -> w.Write $"  n{i}[\"{escapeMermaid name}\"]\n"
        Operator = fun w i op -> w.Write $"  n{i}_op((\"{escapeMermaid op}\"))\n"
        Edge = fun w from into -> w.Write $"  {from} --> {into}\n"
        Footer = ""
    }

    /// <summary>
    /// Graphviz DOT, left to right: a record node <c>{ name | data V | grad G }</c> per value and an
    /// ellipse per operation. Render with <c>dot -Tsvg</c>.
    /// </summary>
    let writeDot (writer: TextWriter) (file: ExpressionFile) (result: EvaluationResult) = write dot writer file result

    /// <summary>
    /// A Mermaid flowchart, left to right, with the same nodes and edges as the DOT output;
    /// paste it into a <c>```mermaid</c> block of a Markdown file.
    /// </summary>
    let writeMermaid (writer: TextWriter) (file: ExpressionFile) (result: EvaluationResult) =
        write mermaid writer file result

    /// <summary>
    /// The DOT of any gradient result, as <c>writeDot</c> draws a file's: every node of the
    /// output's graph with its data and grad, variables named, and the nodes of
    /// <paramref name="labels"/> under the label given (micrograd's <c>label='e'</c>).
    /// </summary>
    let writeDotOfGradients (writer: TextWriter) (labels: (string * Expr) seq) (gradients: Gradients) =
        let graph = gradients.Tape.Graph
        let names = labelsOf graph labels
        let title = names.GetValueOrDefault(graph.OutputCount - 1, "output")
        writeGraph dot writer title graph names (ValueSome(gradients.NodeValues, gradients.NodeGradients))

    /// <summary>
    /// The DOT of an expression's structure, for one whose variables have no numbers yet: a record
    /// per value with its name (or a constant's number), an ellipse per operation.
    /// </summary>
    let writeDotOfExpression (writer: TextWriter) (labels: (string * Expr) seq) (root: Expr) =
        let graph = Graph.ofExpr root
        let names = labelsOf graph labels
        writeGraph dot writer (names.GetValueOrDefault(graph.OutputCount - 1, "output")) graph names ValueNone
