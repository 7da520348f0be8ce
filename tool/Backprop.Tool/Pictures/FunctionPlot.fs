/// The picture of `dotnet backprop plot`: outputs and their derivatives against one leaf.
module Backprop.Tool.Pictures.FunctionPlot

open System
open ScottPlot
open Backprop.Functional.Language

/// One output sampled over the range: its values and its derivative with respect to the leaf.
type Curve = {
    /// The output's binding name.
    Name: string
    /// The output at each sample.
    Values: float[]
    /// The derivative of the output with respect to the leaf at each sample.
    Derivatives: float[]
    /// The output and its derivative at the leaf's current value.
    AtCurrent: float * float
}

/// What the chart shows: the leaf, its samples, its current value and one curve per output.
type Chart = {
    /// The leaf's name, the horizontal axis.
    Leaf: string
    /// The leaf's values, in increasing order.
    Samples: float[]
    /// The leaf's value in the file (or from --set), marked on every curve when inside the range.
    Current: float
    /// One curve per output, in the order asked for.
    Curves: Curve list
}

/// Adds the finite runs of a sampled line; only the first run carries the legend entry.
let private addLine (plot: Plot) (xs: float[]) (ys: float[]) (legend: string) (color: Color) (width: float32) =
    Segments.finiteRuns xs ys
    |> List.iteri (fun i (runXs, runYs) ->
        let line = plot.Add.ScatterLine(runXs, runYs, color)
        line.LineWidth <- width

        if i = 0 then
            line.LegendText <- legend)

let private addMarker (plot: Plot) (x: float) (y: float) (color: Color) =
    if Double.IsFinite y then
        let marker = plot.Add.Marker(x, y, MarkerShape.FilledCircle, 9.0f, color)
        marker.MarkerLineColor <- Colors.Black
        marker.MarkerLineWidth <- 1.0f

/// <summary>
/// Each output as a line and its derivative as a paler, thinner line of the same colour, with the
/// current point marked on both and a vertical line through it; a legend names every line.
/// </summary>
let draw (chart: Chart) : Plot =
    let plot = new Plot()
    let first = chart.Samples[0]
    let last = chart.Samples[chart.Samples.Length - 1]
    let inRange = chart.Current >= first && chart.Current <= last

    if inRange then
        let line =
            plot.Add.VerticalLine(chart.Current, 1.0f, Colors.Gray, LinePattern.Solid)

        line.LegendText <- $"{chart.Leaf} = {NumberText.short chart.Current}"

    chart.Curves
    |> List.iteri (fun i curve ->
        let color = plot.Add.Palette.GetColor i
        addLine plot chart.Samples curve.Values curve.Name color 2.5f
        // The derivative in a paler, thinner line of the same colour rather than dashed: SkiaSharp's
        // SVG writer cannot draw dashes, and PNG and SVG should show the same picture.
        addLine plot chart.Samples curve.Derivatives $"d{curve.Name}/d{chart.Leaf}" (color.WithAlpha 0.5) 1.5f

        if inRange then
            let value, derivative = curve.AtCurrent
            addMarker plot chart.Current value color
            addMarker plot chart.Current derivative color)

    // A short title: the chart area is narrower than the picture, and the legend names every line.
    match chart.Curves with
    | [ curve ] -> plot.Title $"{curve.Name} and d{curve.Name}/d{chart.Leaf}"
    | _ -> plot.Title $"Outputs and their derivatives in {chart.Leaf}"

    plot.XLabel chart.Leaf
    plot.Axes.AutoScale()
    plot.Axes.SetLimitsX(first, last)
    plot.ShowLegend(Edge.Right) |> ignore
    plot
