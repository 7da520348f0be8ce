/// Where a picture goes: its format, chosen by the file's extension, and its size in pixels.
module Backprop.Tool.Pictures.PictureFile

open System
open System.IO
open ScottPlot

/// The formats the plotting commands write.
type ImageFormat =
    | Png
    | Svg

/// The smallest and largest width or height accepted, in pixels; larger pictures cost memory for nothing.
[<Literal>]
let MinimumSize = 100

/// See MinimumSize.
[<Literal>]
let MaximumSize = 10000

/// The format named by the file's extension (case-insensitive), or a message saying which are known.
let formatOf (path: string) : Result<ImageFormat, string> =
    match Path.GetExtension(path).ToLowerInvariant() with
    | ".png" -> Ok Png
    | ".svg" -> Ok Svg
    | "" -> Error $"--output {path}: the file name needs an extension, .png or .svg, which chooses the format"
    | other -> Error $"--output {path}: '{other}' is not a picture format this command writes; use .png or .svg"

/// Checks a requested width or height.
let checkSize (optionName: string) (pixels: int) : Result<int, string> =
    if pixels < MinimumSize || pixels > MaximumSize then
        Error $"{optionName} {pixels}: the size must be between {MinimumSize} and {MaximumSize} pixels"
    else
        Ok pixels

/// <summary>
/// Numbers on every axis as the tool writes them for people (NumberText.short): six significant
/// digits, a lower-case exponent, and never -0, which a tick a rounding error below zero would show.
/// </summary>
let private readableTicks (plot: Plot) =
    for axis in plot.Axes.GetAxes() do
        match axis.TickGenerator with
        | :? TickGenerators.NumericAutomatic as ticks ->
            ticks.LabelFormatter <- Func<float, string>(Backprop.Functional.Language.NumberText.short)
        | _ -> ()

/// <summary>
/// Writes the plot to the path in the format, at width × height pixels, or returns why it could not
/// (a missing folder, no permission): the message names the path.
/// </summary>
let save (plot: Plot) (format: ImageFormat) (path: string) (width: int) (height: int) : Result<unit, string> =
    readableTicks plot

    Backprop.Tool.AtomicFile.write "--output" path (fun temporary ->
        match format with
        | Png -> plot.SavePng(temporary, width, height) |> ignore
        | Svg -> plot.SaveSvg(temporary, width, height) |> ignore)
