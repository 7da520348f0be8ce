/// Samples an output and its derivative with respect to one leaf over a range of that leaf's values.
module Backprop.Tool.Pictures.Sampling

open System
open System.Collections.Generic
open Backprop.Functional

/// <summary>
/// <paramref name="count"/> evenly spaced values from <paramref name="low"/> to <paramref name="high"/>,
/// both ends included (count ≥ 2).
/// </summary>
let evenly (low: float) (high: float) (count: int) : float[] =
    Array.init count (fun i ->
        if i = count - 1 then
            high
        else
            low + (high - low) * float i / float (count - 1))

/// <summary>
/// The output's value and its derivative with respect to <paramref name="leaf"/> at each of
/// <paramref name="samples"/>, the other leaves keeping their values. The output is compiled once
/// and swept forward and back per sample: O(samples × nodes) time, O(nodes) memory.
/// An output that does not use the leaf is constant with derivative 0.
/// </summary>
let sample
    (output: Expr)
    (leafValues: IReadOnlyDictionary<string, float>)
    (leaf: string)
    (samples: float[])
    : float[] * float[] =
    let tape = Tape.compile output
    let inputs = tape.Inputs leafValues
    let slot = tape.SlotOf leaf
    let values = Array.zeroCreate<float> tape.Length
    let adjoints = Array.zeroCreate<float> tape.Length
    let gradients = Array.zeroCreate<float> tape.Variables.Count
    let outputs = Array.zeroCreate<float> samples.Length
    let derivatives = Array.zeroCreate<float> samples.Length

    for i in 0 .. samples.Length - 1 do
        if slot >= 0 then
            inputs[slot] <- samples[i]

        outputs[i] <- tape.Gradient(ReadOnlySpan inputs, Span values, Span adjoints, Span gradients)
        derivatives[i] <- if slot >= 0 then gradients[slot] else 0.0

    outputs, derivatives
