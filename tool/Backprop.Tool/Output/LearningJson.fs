/// The JSON summaries of `optimize` and `train` (SPEC §2), one object on standard output.
module Backprop.Tool.Output.LearningJson

open System.IO
open System.Text.Encodings.Web
open System.Text.Json
open Backprop.Functional.Learning

let private options =
    JsonWriterOptions(Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)

let private property (writer: Utf8JsonWriter) (name: string) (x: float) =
    writer.WritePropertyName name
    Json.writeNumber writer x

let private finish (stream: Stream) (writer: Utf8JsonWriter) =
    writer.WriteEndObject()
    writer.Flush()
    stream.WriteByte(byte '\n')

/// <summary>
/// <c>{ "output", "steps", "value", "reached"?, "leaves": { "a": 1.5 } }</c>: every leaf of the file
/// in file order with its final value; <c>reached</c> only when a target was given.
/// </summary>
let writeOptimize
    (stream: Stream)
    (output: string)
    (result: OptimizeResult)
    (reached: bool option)
    (leaves: (string * float) list)
    =
    use writer = new Utf8JsonWriter(stream, options)
    writer.WriteStartObject()
    writer.WriteString("schema", "dotnet-backprop/optimize/1")
    writer.WriteString("output", output)
    writer.WriteNumber("steps", result.Steps)
    property writer "value" result.Value
    reached |> Option.iter (fun reached -> writer.WriteBoolean("reached", reached))
    writer.WriteStartObject "leaves"

    for name, value in leaves do
        property writer name value

    writer.WriteEndObject()
    finish stream writer

/// <c>{ "steps", "loss", "accuracy" }</c>, measured after the last update; accuracy in 0..1.
let writeTrain (stream: Stream) (result: TrainResult) =
    use writer = new Utf8JsonWriter(stream, options)
    writer.WriteStartObject()
    writer.WriteString("schema", "dotnet-backprop/train/1")
    writer.WriteNumber("steps", result.Steps)
    property writer "loss" result.Loss
    property writer "accuracy" result.Accuracy
    finish stream writer
