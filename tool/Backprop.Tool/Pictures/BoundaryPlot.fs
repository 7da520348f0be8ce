/// The picture of `train --boundary`: a 2-D classifier's decision regions with the data on top.
module Backprop.Tool.Pictures.BoundaryPlot

open System
open ScottPlot

/// Samples per side of the grid the regions are computed on; 200 × 200 predictions stay fast.
[<Literal>]
let GridSize = 200

/// The 2-D points of a dataset and their labels (a label above 0 is the positive class).
type Points = {
    /// First feature of each sample.
    X: float[]
    /// Second feature of each sample.
    Y: float[]
    /// Label of each sample: -1 or 0 is negative, 1 positive.
    Labels: float[]
    /// The names of the two features, for the axes.
    Names: string * string
}

let private negativeColour = Color.FromHex "#d7301f"
let private positiveColour = Color.FromHex "#2b8cbe"

/// The data's range on one axis, widened by a margin (micrograd's demo adds 1) so no point sits on the edge.
let private span (values: float[]) =
    let low, high = Array.min values, Array.max values
    let margin = max 1.0 (0.1 * (high - low))
    low - margin, high + margin

/// <summary>
/// Colours every cell of a grid over the data's range by <paramref name="predictsPositive"/>, then
/// draws the points coloured by their label, as micrograd's demo does with contourf and scatter.
/// </summary>
let draw (predictsPositive: float -> float -> bool) (points: Points) : Plot =
    if points.X.Length = 0 then
        invalidArg (nameof points) "there are no points to draw"

    let plot = new Plot()
    let xLow, xHigh = span points.X
    let yLow, yHigh = span points.Y

    let cell low high i =
        low + (float i + 0.5) * (high - low) / float GridSize

    // Row 0 of a heatmap is drawn at the top, so rows run from yHigh down.
    let regions =
        Array2D.init GridSize GridSize (fun row column ->
            let x = cell xLow xHigh column
            let y = cell yLow yHigh (GridSize - 1 - row)
            if predictsPositive x y then 1.0 else 0.0)

    let heatmap = plot.Add.Heatmap regions
    heatmap.Extent <- CoordinateRect(xLow, xHigh, yLow, yHigh)

    heatmap.Colormap <- Colormaps.CustomInterpolated([| negativeColour.WithAlpha 0.25; positiveColour.WithAlpha 0.25 |])

    heatmap.ManualRange <- Range(0.0, 1.0)

    let addClass (positive: bool) (colour: Color) (legend: string) =
        let chosen =
            [| 0 .. points.X.Length - 1 |]
            |> Array.filter (fun i -> (points.Labels[i] > 0.0) = positive)

        if chosen.Length > 0 then
            let scatter =
                plot.Add.ScatterPoints(
                    chosen |> Array.map (fun i -> points.X[i]),
                    chosen |> Array.map (fun i -> points.Y[i]),
                    colour
                )

            scatter.MarkerSize <- 7.0f
            scatter.MarkerShape <- MarkerShape.FilledCircle
            scatter.MarkerLineColor <- Colors.Black
            scatter.MarkerLineWidth <- 0.5f
            scatter.LegendText <- legend

    addClass false negativeColour "label -1"
    addClass true positiveColour "label 1"
    plot.Title "Decision regions and the training data"
    plot.XLabel(fst points.Names)
    plot.YLabel(snd points.Names)
    plot.Axes.SetLimits(xLow, xHigh, yLow, yHigh)
    plot.ShowLegend(Alignment.UpperRight) |> ignore
    plot
