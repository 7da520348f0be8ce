/// The JSON outputs (SPEC §2), written with Utf8JsonWriter straight to standard output.
module Backprop.Tool.Output.Json

open System
open System.IO
open System.Text.Encodings.Web
open System.Text.Json
open Backprop.Functional.Language

/// How every JSON output of the tool is written: indented, with non-ASCII names as they are.
let options =
    JsonWriterOptions(Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)

/// A double as JSON text: shortest round-trip with ".0" on integral values; non-finite values as quoted strings.
let numberText (x: float) =
    if Double.IsNaN x then
        "\"NaN\""
    elif Double.IsPositiveInfinity x then
        "\"Infinity\""
    elif Double.IsNegativeInfinity x then
        "\"-Infinity\""
    else
        let text = NumberText.roundTrip x

        if text.IndexOfAny [| '.'; 'e' |] >= 0 then
            text
        else
            text + ".0"

/// <summary>
/// A double in shortest round-trip form, with ".0" on integral values (<c>-8.0</c>, as the spec's
/// example and Python's json write them); non-finite values as the strings "NaN", "Infinity", "-Infinity".
/// </summary>
let writeNumber (writer: Utf8JsonWriter) (x: float) =
    if Double.IsNaN x then
        writer.WriteStringValue "NaN"
    elif Double.IsPositiveInfinity x then
        writer.WriteStringValue "Infinity"
    elif Double.IsNegativeInfinity x then
        writer.WriteStringValue "-Infinity"
    else
        writer.WriteRawValue(numberText x, skipInputValidation = true)

/// A JSON array on one line, <c>[2.0, -3.0]</c>: the elements of a vector or matrix stay readable
/// in indented output instead of taking a line each.
let private inlineArray (items: string[]) = "[" + String.Join(", ", items) + "]"

let private property (writer: Utf8JsonWriter) (name: string) (x: float) =
    writer.WritePropertyName name
    writeNumber writer x

/// <summary>
/// A writer on a stream keeps everything written until it is flushed: a long document goes out
/// in pieces of about this many bytes instead of being held whole (a million rows are 100 MB).
/// </summary>
[<Literal>]
let private FlushBytes = 65536

/// Writes what is pending once it reaches <c>FlushBytes</c>.
let private flushEvery (writer: Utf8JsonWriter) =
    if writer.BytesPending >= FlushBytes then
        writer.Flush()

/// <summary>
/// <c>{ "output", "value", "nodes": [ { "name", "value", "grad", "leaf" } ] }</c>, every binding in
/// file order. A vector or matrix binding is one node with <c>"shape": [3, 2]</c> and its values
/// and gradients as arrays in row-major order.
/// </summary>
let writeEvaluation (stream: Stream) (result: EvaluationResult) =
    use writer = new Utf8JsonWriter(stream, options)
    writer.WriteStartObject()
    writer.WriteString("schema", "dotnet-backprop/eval/1")
    writer.WriteString("output", result.Output.Name)
    let rows = result.Results

    match result.Output.Shape with
    | None -> property writer "value" result.Value
    | Some shape ->
        // A vector or matrix output: its shape and its elements' values, row-major.
        let first = rows |> Array.findIndex (fun r -> r.Binding.Index = result.Output.Index)
        writer.WritePropertyName "shape"
        writer.WriteRawValue(inlineArray (shape.Dimensions |> Array.map string), skipInputValidation = true)
        writer.WritePropertyName "value"

        writer.WriteRawValue(
            inlineArray (Array.init shape.Count (fun k -> numberText rows[first + k].Value)),
            skipInputValidation = true
        )

    writer.WriteStartArray "nodes"
    let mutable r = 0

    while r < rows.Length do
        let binding = rows[r].Binding
        writer.WriteStartObject()
        writer.WriteString("name", binding.Name)

        match binding.Shape with
        | None ->
            property writer "value" rows[r].Value

            if result.HasGradients then
                property writer "grad" rows[r].Gradient
            else
                writer.WriteNull "grad"

            r <- r + 1
        | Some shape ->
            // The rows of one binding's elements are consecutive, row-major.
            let count = shape.Count
            let dimensions = shape.Dimensions |> Array.map string
            writer.WritePropertyName "shape"
            writer.WriteRawValue(inlineArray dimensions, skipInputValidation = true)
            writer.WritePropertyName "value"

            writer.WriteRawValue(
                inlineArray (Array.init count (fun k -> numberText rows[r + k].Value)),
                skipInputValidation = true
            )

            if result.HasGradients then
                writer.WritePropertyName "grad"

                writer.WriteRawValue(
                    inlineArray (Array.init count (fun k -> numberText rows[r + k].Gradient)),
                    skipInputValidation = true
                )
            else
                writer.WriteNull "grad"

            r <- r + count

        writer.WriteBoolean("leaf", binding.IsLeaf)
        writer.WriteEndObject()
        flushEvery writer

    writer.WriteEndArray()
    writer.WriteEndObject()
    writer.Flush()
    stream.WriteByte(byte '\n')

/// <c>{ "output", "ok", "step", "tolerance", "leaves": [ { "name", "value", "analytic", "numeric", "error", "ok" } ] }</c>;
/// each element of a vector or matrix leaf is a leaf of its own, <c>"w[0]"</c>.
let writeCheck (stream: Stream) (result: CheckResult) =
    use writer = new Utf8JsonWriter(stream, options)
    writer.WriteStartObject()
    writer.WriteString("schema", "dotnet-backprop/check/1")
    writer.WriteString("output", result.Output.Name)
    writer.WriteBoolean("ok", result.Ok)
    property writer "value" result.Value
    property writer "step" result.Step
    property writer "tolerance" result.Tolerance

    if result.Directions.Length > 0 then
        // Too many leaves to check one by one: the random directions that were checked instead.
        writer.WriteString("strategy", "directions")
        writer.WriteNumber("seed", result.Seed)
        writer.WriteNumber("leafCount", result.LeafCount)
        writer.WriteStartArray "directions"

        for d in result.Directions do
            writer.WriteStartObject()
            writer.WriteNumber("direction", d.Index)
            property writer "analytic" d.Analytic
            property writer "numeric" d.Numeric
            property writer "error" d.Error
            writer.WriteBoolean("ok", d.Ok)
            writer.WriteEndObject()

        writer.WriteEndArray()

    writer.WriteStartArray "leaves"

    for leaf in result.Leaves do
        writer.WriteStartObject()
        writer.WriteString("name", leaf.Name)
        property writer "value" leaf.Value
        property writer "analytic" leaf.Analytic
        property writer "numeric" leaf.Numeric
        property writer "error" leaf.Error
        writer.WriteBoolean("ok", leaf.Ok)
        writer.WriteEndObject()
        flushEvery writer

    writer.WriteEndArray()
    writer.WriteEndObject()
    writer.Flush()
    stream.WriteByte(byte '\n')
