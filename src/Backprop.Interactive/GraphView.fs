namespace Backprop.Interactive

open System.IO
open System.Net
open Backprop.Functional
open Backprop.Functional.Language

/// <summary>
/// A computation graph ready to display: its DOT text (micrograd's <c>draw_dot</c>: a record
/// <c>name | data | grad</c> per value, an ellipse per operation) and its text form. A notebook
/// shows it as an SVG picture drawn by Graphviz when <c>dot</c> is on the PATH, as the text form
/// otherwise; F# Interactive prints the text form.
/// </summary>
[<Sealed>]
type GraphView internal (dot: string, text: string, nodeCount: int) =

    /// The largest graph drawn as a picture; a bigger one shows as text, which is bounded.
    static member MaxDrawnNodes = 400

    /// The DOT text; render it with <c>dot -Tsvg</c>.
    member _.Dot = dot

    /// The text form: one line per value, operands first.
    member _.Text = text

    /// The number of nodes in the graph.
    member _.NodeCount = nodeCount

    /// <summary>
    /// The picture as an <c>&lt;svg&gt;</c> element, when Graphviz's <c>dot</c> is on the PATH and
    /// the graph has at most <see cref="P:Backprop.Interactive.GraphView.MaxDrawnNodes"/> nodes.
    /// </summary>
    member _.TrySvg() : string option =
        if nodeCount > GraphView.MaxDrawnNodes then
            None
        else
            Graphviz.tryFindDot ()
            |> Option.bind (fun program ->
                match Graphviz.svg program (fun writer -> writer.Write dot) with
                | Ok svg -> Some svg
                | Error _ -> None)

    /// <summary>HTML for a notebook: the SVG picture, or the text form with a line saying why.</summary>
    member this.ToHtml() : string =
        match this.TrySvg() with
        | Some svg -> svg
        | None ->
            let why =
                if nodeCount > GraphView.MaxDrawnNodes then
                    $"{nodeCount} nodes: too many to draw; the text form follows."
                else
                    "Graphviz's dot is not on the PATH, so the graph is shown as text (install graphviz to draw it)."

            $"<div><em>{WebUtility.HtmlEncode why}</em><pre>{WebUtility.HtmlEncode text}</pre></div>"

    /// The text form.
    override _.ToString() = text

/// Builds graph views.
[<RequireQualifiedAccess>]
module GraphView =

    let private dotOf (write: TextWriter -> unit) =
        use writer = new StringWriter()
        writer.NewLine <- "\n"
        write writer
        writer.ToString()

    /// <summary>
    /// The graph of a gradient result: every value of the output's graph with its data and its
    /// grad, variables by name and the nodes of <paramref name="labels"/> under their labels.
    /// </summary>
    let ofGradients (labels: (string * Expr) seq) (gradients: Gradients) : GraphView =
        let labels = List.ofSeq labels
        let graph = gradients.Tape.Graph

        GraphView(
            dotOf (fun w -> GraphRender.writeDotOfGradients w labels gradients),
            TextForm.ofGraph graph labels (ValueSome(gradients.NodeValues, gradients.NodeGradients)),
            graph.OutputCount
        )

    /// <summary>
    /// The graph of an expression: with data and grad when it has no variables (its gradients
    /// are then known), its structure alone otherwise.
    /// </summary>
    let ofExpression (labels: (string * Expr) seq) (root: Expr) : GraphView =
        let graph = Graph.ofExpr root

        let hasVariables =
            graph.Nodes
            |> Seq.exists (fun node ->
                match node.Node with
                | Var _ -> true
                | _ -> false)

        if hasVariables then
            let labels = List.ofSeq labels

            GraphView(
                dotOf (fun w -> GraphRender.writeDotOfExpression w labels root),
                TextForm.ofGraph graph labels ValueNone,
                graph.OutputCount
            )
        else
            ofGradients labels (Gradient.compute Bindings.empty root)
