/// Splits a sampled curve at its non-finite samples, so that gaps are drawn as gaps.
module Backprop.Tool.Pictures.Segments

open System

/// <summary>
/// The runs of consecutive samples whose x and y are both finite, as (xs, ys) pairs, in order.
/// A curve such as <c>log(x)</c> over [-1, 1] or <c>1/x</c> across 0 becomes the pieces that can be drawn.
/// </summary>
let finiteRuns (xs: float[]) (ys: float[]) : (float[] * float[]) list =
    let runs = ResizeArray()
    let mutable start = -1

    let close stop =
        if start >= 0 then
            runs.Add(xs[start .. stop - 1], ys[start .. stop - 1])
            start <- -1

    for i in 0 .. xs.Length - 1 do
        if Double.IsFinite xs[i] && Double.IsFinite ys[i] then
            if start < 0 then
                start <- i
        else
            close i

    close xs.Length
    List.ofSeq runs
