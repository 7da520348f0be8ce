namespace Backprop.Interactive

open System
open System.IO
open Microsoft.DotNet.Interactive.Formatting
open Backprop.Functional
open Backprop.Functional.Learning



/// <summary>
/// What the notebook display shows, and its registration. In a notebook, <c>#r "nuget:
/// Backprop.Interactive"</c> registers the formatters by itself; elsewhere call
/// <see cref="M:Backprop.Interactive.Display.Register"/>. Then an expression, a C# value, a
/// gradient result or a training result shows as its graph, table or loss curve when it is a
/// cell's last value, and these methods build the views with labels and options.
/// </summary>
[<AbstractClass; Sealed>]
type Display =

    /// <summary>
    /// The graph of a gradient result, micrograd's <c>draw_dot</c>: every value with its data and
    /// grad; variables by name, and the nodes of <paramref name="labels"/> under their labels.
    /// </summary>
    static member Graph(gradients: Gradients, labels: (string * Expr) seq) = GraphView.ofGradients labels gradients

    /// <summary>The graph of a gradient result, variables by name.</summary>
    static member Graph(gradients: Gradients) = GraphView.ofGradients [] gradients

    /// <summary>
    /// The graph of an expression: with data and grad when it has no variables, its structure
    /// otherwise (evaluate it with <c>Gradient.compute</c> to see the numbers).
    /// </summary>
    static member Graph(expression: Expr, labels: (string * Expr) seq) =
        GraphView.ofExpression labels expression

    /// <summary>The graph of an expression, variables by name.</summary>
    static member Graph(expression: Expr) = GraphView.ofExpression [] expression

    /// <summary>
    /// The graph of a C# value after <c>Backward()</c>: every value it depends on with its data and
    /// the gradient of <paramref name="output"/> with respect to it, leaves by name and the values
    /// of <paramref name="labels"/> under their labels.
    /// </summary>
    static member Graph
        (output: Backprop.Fluent.Value, [<ParamArray>] labels: struct (string * Backprop.Fluent.Value)[])
        =
        let labels =
            labels |> Array.map (fun struct (label, value) -> label, value.Expression)

        GraphView.ofGradients labels (output.Backward().CoreResult)

    /// <summary>
    /// The graph of a C# value whose variables take their numbers from <paramref name="bindings"/>
    /// (a network's output, whose parameters are variables), with labels as above.
    /// </summary>
    static member Graph
        (
            output: Backprop.Fluent.Value,
            bindings: System.Collections.Generic.IReadOnlyDictionary<string, float>,
            [<ParamArray>] labels: struct (string * Backprop.Fluent.Value)[]
        ) =
        let labels =
            labels |> Array.map (fun struct (label, value) -> label, value.Expression)

        GraphView.ofGradients labels (output.Backward(bindings).CoreResult)

    /// <summary>The variables' gradients of a gradient result, as a table.</summary>
    static member Table(gradients: Gradients) = GradientTable.ofGradients gradients

    /// <summary>The variables' gradients of a C# gradient result, as a table.</summary>
    static member Table(gradients: Backprop.Fluent.Gradients) =
        GradientTable.ofGradients gradients.CoreResult

    /// <summary>A loss curve: the loss at each step.</summary>
    static member LossCurve(losses: float seq) = Chart.lossCurve losses

    /// <summary>The loss curve of a training run.</summary>
    static member LossCurve(result: TrainResult) = Chart.lossCurve result.LossHistory

    /// <summary>The loss curve of a C# training run.</summary>
    static member LossCurve(result: Backprop.Fluent.Learning.TrainingResult) = Chart.lossCurve result.LossHistory

    static member val private Registered = false with get, set

    /// <summary>
    /// Registers the notebook formatters (HTML and plain text) for expressions, C# values,
    /// gradient results, training results, the views above and ScottPlot plots. Idempotent.
    /// </summary>
    static member Register() =
        lock typeof<Display> (fun () ->
            if not Display.Registered then
                Display.Registered <- true

                let register (mime: string) (write: 'T -> string) =
                    Formatter.Register<'T>(Action<'T, TextWriter>(fun value writer -> writer.Write(write value)), mime)

                let both (html: 'T -> string) (text: 'T -> string) =
                    register "text/html" html
                    register "text/plain" text

                let chartHtml (chart: Chart) = chart.ToSvg()

                let trainingSummary steps (loss: float) (accuracy: float) =
                    $"after {steps} steps: loss {loss:G6}, accuracy {100.0 * accuracy:F1}%%"

                both (fun (view: GraphView) -> view.ToHtml()) string
                both (fun (table: GradientTable) -> table.ToHtml()) string
                both chartHtml string
                both (fun (e: Expr) -> (Display.Graph e).ToHtml()) (fun e -> (Display.Graph e).Text)
                both (fun (g: Gradients) -> (Display.Table g).ToHtml()) (fun g -> string (Display.Table g))
                both (fun (v: Backprop.Fluent.Value) -> (Display.Graph v).ToHtml()) (fun v -> (Display.Graph v).Text)

                both (fun (g: Backprop.Fluent.Gradients) -> (Display.Table g).ToHtml()) (fun g ->
                    string (Display.Table g))

                both
                    (fun (r: TrainResult) ->
                        $"<div>{trainingSummary r.Steps r.Loss r.Accuracy}</div>"
                        + chartHtml (Display.LossCurve r))
                    (fun r -> trainingSummary r.Steps r.Loss r.Accuracy)

                both
                    (fun (r: Backprop.Fluent.Learning.TrainingResult) ->
                        $"<div>{trainingSummary r.Steps r.Loss r.Accuracy}</div>"
                        + chartHtml (Display.LossCurve r))
                    (fun r -> trainingSummary r.Steps r.Loss r.Accuracy)

                both (fun (plot: ScottPlot.Plot) -> chartHtml (Chart(plot, ""))) (fun _ -> "a ScottPlot plot"))
