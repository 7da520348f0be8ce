namespace Backprop.Interactive

open ScottPlot

/// <summary>
/// A ScottPlot chart ready to display: an SVG picture in a notebook, a one-line summary in
/// F# Interactive.
/// </summary>
[<Sealed>]
type Chart internal (plot: Plot, summary: string) =

    /// The size of the picture, in pixels.
    static member Width = 600

    /// The size of the picture, in pixels.
    static member Height = 360

    /// The ScottPlot plot, to change or save (<c>SavePng</c>, <c>SaveSvg</c>).
    member _.Plot = plot

    /// The picture as an <c>&lt;svg&gt;</c> element.
    member _.ToSvg() : string =
        let svg = plot.GetSvgXml(Chart.Width, Chart.Height)

        match svg.IndexOf("<svg", System.StringComparison.Ordinal) with
        | start when start > 0 -> svg.Substring start
        | _ -> svg

    /// The summary line.
    override _.ToString() = summary

/// Builds charts.
[<RequireQualifiedAccess>]
module Chart =

    /// <summary>
    /// The loss curve of a training or optimisation run: the loss at each step, on a logarithmic
    /// axis when every loss is positive and they span more than two decades.
    /// </summary>
    let lossCurve (losses: float seq) : Chart =
        let losses = Array.ofSeq losses
        let plot = new Plot()
        let steps = Array.init losses.Length float
        let finite = losses |> Array.filter System.Double.IsFinite

        let logarithmic =
            finite.Length > 1
            && Array.forall (fun l -> l > 0.0) finite
            && Array.max finite / Array.min finite > 100.0

        let ys = if logarithmic then Array.map log10 losses else losses
        let line = plot.Add.ScatterLine(steps, ys)
        line.LineWidth <- 2.0f
        plot.XLabel "step"
        plot.YLabel(if logarithmic then "loss (log10)" else "loss")

        if logarithmic then
            let ticks = ScottPlot.TickGenerators.LogMinorTickGenerator()

            let generator =
                ScottPlot.TickGenerators.NumericAutomatic(MinorTickGenerator = ticks)

            generator.LabelFormatter <- fun y -> $"{10.0 ** y:G3}"
            plot.Axes.Left.TickGenerator <- generator

        let summary =
            match Array.tryLast losses with
            | Some last -> $"loss curve: {losses.Length} points, from {losses[0]:G6} to {last:G6}"
            | None -> "loss curve: no points"

        Chart(plot, summary)
