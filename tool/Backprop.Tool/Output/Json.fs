/// The JSON outputs (SPEC §2), written with Utf8JsonWriter straight to standard output.
module Backprop.Tool.Output.Json

open System
open System.IO
open System.Text.Encodings.Web
open System.Text.Json
open Backprop.Functional.Language

let private options =
    JsonWriterOptions(Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)

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
        let text = NumberText.roundTrip x

        let text =
            if text.IndexOfAny [| '.'; 'e' |] >= 0 then
                text
            else
                text + ".0"

        writer.WriteRawValue(text, skipInputValidation = true)

let private property (writer: Utf8JsonWriter) (name: string) (x: float) =
    writer.WritePropertyName name
    writeNumber writer x

/// <c>{ "output", "value", "nodes": [ { "name", "value", "grad", "leaf" } ] }</c>, every binding in file order.
let writeEvaluation (stream: Stream) (result: EvaluationResult) =
    use writer = new Utf8JsonWriter(stream, options)
    writer.WriteStartObject()
    writer.WriteString("output", result.Output.Name)
    property writer "value" result.Value
    writer.WriteStartArray "nodes"

    for r in result.Results do
        writer.WriteStartObject()
        writer.WriteString("name", r.Binding.Name)
        property writer "value" r.Value
        property writer "grad" r.Gradient
        writer.WriteBoolean("leaf", r.Binding.IsLeaf)
        writer.WriteEndObject()

    writer.WriteEndArray()
    writer.WriteEndObject()
    writer.Flush()
    stream.WriteByte(byte '\n')

/// <c>{ "output", "ok", "step", "tolerance", "leaves": [ { "name", "value", "analytic", "numeric", "error", "ok" } ] }</c>.
let writeCheck (stream: Stream) (result: CheckResult) =
    use writer = new Utf8JsonWriter(stream, options)
    writer.WriteStartObject()
    writer.WriteString("output", result.Output.Name)
    writer.WriteBoolean("ok", result.Ok)
    property writer "value" result.Value
    property writer "step" result.Step
    property writer "tolerance" result.Tolerance
    writer.WriteStartArray "leaves"

    for leaf in result.Leaves do
        writer.WriteStartObject()
        writer.WriteString("name", leaf.Binding.Name)
        property writer "value" leaf.Value
        property writer "analytic" leaf.Analytic
        property writer "numeric" leaf.Numeric
        property writer "error" leaf.Error
        writer.WriteBoolean("ok", leaf.Ok)
        writer.WriteEndObject()

    writer.WriteEndArray()
    writer.WriteEndObject()
    writer.Flush()
    stream.WriteByte(byte '\n')
