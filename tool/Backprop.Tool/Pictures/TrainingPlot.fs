/// The picture of `train --plot`: loss and accuracy per step.
module Backprop.Tool.Pictures.TrainingPlot

open ScottPlot

/// <summary>
/// Loss (left axis) and accuracy in percent (right axis) against the step, one point per
/// recorded step. The three arrays have one element per recorded step.
/// </summary>
let draw (steps: int[]) (loss: float[]) (accuracy: float[]) : Plot =
    if steps.Length <> loss.Length || steps.Length <> accuracy.Length then
        invalidArg (nameof steps) "steps, loss and accuracy need one element per recorded step"

    let plot = new Plot()
    let xs = steps |> Array.map float
    let palette = plot.Add.Palette

    Segments.finiteRuns xs loss
    |> List.iteri (fun i (runXs, runYs) ->
        let line = plot.Add.ScatterLine(runXs, runYs, palette.GetColor 0)
        line.LineWidth <- 2.0f

        if i = 0 then
            line.LegendText <- "loss")

    let percent = accuracy |> Array.map (fun a -> 100.0 * a)
    let accuracyLine = plot.Add.ScatterLine(xs, percent, palette.GetColor 1)
    accuracyLine.LineWidth <- 2.0f
    accuracyLine.LegendText <- "accuracy (%)"
    accuracyLine.Axes.YAxis <- plot.Axes.Right

    plot.Title "Training: loss and accuracy per step"
    plot.XLabel "step"
    plot.Axes.Left.Label.Text <- "loss"
    plot.Axes.Right.Label.Text <- "accuracy (%)"
    plot.Axes.AutoScale()
    // A little room above 100 % and below 0 %, so a run that reaches either is not drawn on the frame.
    plot.Axes.SetLimitsY(-2.0, 102.0, plot.Axes.Right)
    plot.ShowLegend(Alignment.MiddleRight) |> ignore
    plot
