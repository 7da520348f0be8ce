/// The outputs of `hessian` and `jacobian`: a matrix of derivatives as a table, JSON, CSV or Markdown.
module Backprop.Tool.Output.Derivatives

open System
open System.IO
open System.Text.Encodings.Web
open System.Text.Json
open Backprop.Functional.Language
open Backprop.Tool.Terminal

/// The second derivatives of one scalar output with respect to the chosen leaves.
type HessianResult = {
    /// The output's name.
    Output: string
    /// The leaves (variables) the derivatives are taken with respect to: <c>a</c>, <c>w[0]</c>, <c>W[1,0]</c>.
    Wrt: string[]
    /// The value of each leaf of <c>Wrt</c>.
    LeafValues: float[]
    /// The output's value.
    Value: float
    /// d(output)/d(Wrt[i]).
    Gradient: float[]
    /// d²(output)/d(Wrt[i]) d(Wrt[j]).
    Hessian: float[,]
}

/// The first derivatives of several scalar outputs with respect to the chosen leaves.
type JacobianResult = {
    /// The outputs' names: bindings, or elements of a vector or matrix binding (<c>y[0]</c>).
    Outputs: string[]
    /// The leaves (variables) the derivatives are taken with respect to.
    Wrt: string[]
    /// The value of each output.
    Values: float[]
    /// d(Outputs[k])/d(Wrt[j]).
    Jacobian: float[,]
}

let private options = Json.options
let private numberText = Json.numberText

let private stringText (s: string) =
    "\""
    + JsonEncodedText.Encode(s, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString()
    + "\""

/// An array on one line, <c>[802.0, -400.0]</c>, so that a matrix reads as rows.
let private inlineArray (writer: Utf8JsonWriter) (name: string) (items: string seq) =
    writer.WritePropertyName name
    writer.WriteRawValue("[" + String.Join(", ", items) + "]", skipInputValidation = true)

/// <summary>
/// A matrix as an array of rows, each row on one line. The documents are flat objects, so the
/// rows are indented by hand at the depth of a top-level property.
/// </summary>
let private matrix (writer: Utf8JsonWriter) (name: string) (m: float[,]) =
    let rows =
        Array.init (Array2D.length1 m) (fun i ->
            "    ["
            + String.Join(", ", Array.init (Array2D.length2 m) (fun j -> numberText m[i, j]))
            + "]")

    writer.WritePropertyName name

    let text =
        if rows.Length = 0 then
            "[]"
        else
            "[\n" + String.Join(",\n", rows) + "\n  ]"

    writer.WriteRawValue(text, skipInputValidation = true)

let private finish (writer: Utf8JsonWriter) (stream: Stream) =
    writer.WriteEndObject()
    writer.Flush()
    stream.WriteByte(byte '\n')

/// <c>{ "schema": "dotnet-backprop/hessian/1", "output", "wrt", "value", "gradient", "hessian" }</c>.
let writeHessianJson (stream: Stream) (result: HessianResult) =
    use writer = new Utf8JsonWriter(stream, options)
    writer.WriteStartObject()
    writer.WriteString("schema", "dotnet-backprop/hessian/1")
    writer.WriteString("output", result.Output)
    inlineArray writer "wrt" (result.Wrt |> Seq.map stringText)
    writer.WritePropertyName "value"
    writer.WriteRawValue(numberText result.Value, skipInputValidation = true)
    inlineArray writer "gradient" (result.Gradient |> Seq.map numberText)
    matrix writer "hessian" result.Hessian
    finish writer stream

/// <c>{ "schema": "dotnet-backprop/jacobian/1", "outputs", "wrt", "values", "jacobian" }</c>.
let writeJacobianJson (stream: Stream) (result: JacobianResult) =
    use writer = new Utf8JsonWriter(stream, options)
    writer.WriteStartObject()
    writer.WriteString("schema", "dotnet-backprop/jacobian/1")
    inlineArray writer "outputs" (result.Outputs |> Seq.map stringText)
    inlineArray writer "wrt" (result.Wrt |> Seq.map stringText)
    inlineArray writer "values" (result.Values |> Seq.map numberText)
    matrix writer "jacobian" result.Jacobian
    finish writer stream

/// A CSV cell for a name: a matrix element's name has a comma and is quoted (RFC 4180), <c>"W[1,0]"</c>.
let private csvName (name: string) =
    if name.Contains ',' then $"\"{name}\"" else name

let private csvRow (writer: TextWriter) (cells: string seq) =
    writer.Write(String.Join(",", cells))
    writer.Write '\n'

/// Header <c>leaf,value,grad,a,b</c>, then a row per leaf: its value, the gradient, its row of the Hessian.
let writeHessianCsv (writer: TextWriter) (result: HessianResult) =
    csvRow writer (Seq.append [ "leaf"; "value"; "grad" ] (result.Wrt |> Seq.map csvName))

    for i in 0 .. result.Wrt.Length - 1 do
        csvRow writer [
            yield csvName result.Wrt[i]
            yield NumberText.roundTrip result.LeafValues[i]
            yield NumberText.roundTrip result.Gradient[i]
            for j in 0 .. result.Wrt.Length - 1 -> NumberText.roundTrip result.Hessian[i, j]
        ]

/// Header <c>output,value,a,b</c>, then a row per output: its value, its row of the Jacobian.
let writeJacobianCsv (writer: TextWriter) (result: JacobianResult) =
    csvRow writer (Seq.append [ "output"; "value" ] (result.Wrt |> Seq.map csvName))

    for k in 0 .. result.Outputs.Length - 1 do
        csvRow writer [
            yield csvName result.Outputs[k]
            yield NumberText.roundTrip result.Values[k]
            for j in 0 .. result.Wrt.Length - 1 -> NumberText.roundTrip result.Jacobian[k, j]
        ]

let private markdownRow (writer: TextWriter) (cells: string seq) =
    writer.Write("| " + String.Join(" | ", cells) + " |\n")

/// <c>**`f`** = V</c>, then a table: a row per leaf with its value, the gradient and its row of the Hessian.
let writeHessianMarkdown (writer: TextWriter) (number: float -> string) (result: HessianResult) =
    let n = result.Wrt.Length
    writer.Write $"**`{result.Output}`** = {number result.Value}\n\n"
    markdownRow writer (Seq.append [ "leaf"; "value"; "grad" ] (result.Wrt |> Seq.map (fun w -> $"`{w}`")))
    writer.Write("|:-----|------:|-----:|" + String.replicate n "-----:|" + "\n")

    for i in 0 .. n - 1 do
        markdownRow writer [
            yield $"`{result.Wrt[i]}`"
            yield number result.LeafValues[i]
            yield number result.Gradient[i]
            for j in 0 .. n - 1 -> number result.Hessian[i, j]
        ]

/// A table: a row per output with its value and its row of the Jacobian.
let writeJacobianMarkdown (writer: TextWriter) (number: float -> string) (result: JacobianResult) =
    let n = result.Wrt.Length
    markdownRow writer (Seq.append [ "output"; "value" ] (result.Wrt |> Seq.map (fun w -> $"`{w}`")))
    writer.Write("|:-----|------:|" + String.replicate n "-----:|" + "\n")

    for k in 0 .. result.Outputs.Length - 1 do
        markdownRow writer [
            yield $"`{result.Outputs[k]}`"
            yield number result.Values[k]
            for j in 0 .. n - 1 -> number result.Jacobian[k, j]
        ]

/// Colours a number cell red when it is not finite.
let private numberStyle (styles: Styles) (x: float) (text: string) =
    if Double.IsFinite x then text else styles.Bad text

/// <summary>
/// <c>f = V</c> (the output's value), then an aligned table: a row per leaf with its value, the gradient
/// (<c>grad</c>) and its row of the Hessian, one column per leaf.
/// </summary>
let writeHessianTable (writer: TextWriter) (styles: Styles) (number: float -> string) (result: HessianResult) =
    let n = result.Wrt.Length
    writer.Write $"{styles.Bold result.Output} = {number result.Value}\n"

    Table.write
        writer
        (Array.append [| "leaf"; "value"; "grad" |] result.Wrt)
        (Array.append [| Table.Left; Table.Right; Table.Right |] (Array.create n Table.Right))
        n
        (fun i ->
            Array.append
                [| result.Wrt[i]; number result.LeafValues[i]; number result.Gradient[i] |]
                (Array.init n (fun j -> number result.Hessian[i, j])))
        (fun i c text ->
            match c with
            | 0 -> styles.Leaf text
            | 1 -> numberStyle styles result.LeafValues[i] text
            | 2 -> numberStyle styles result.Gradient[i] text
            | _ -> numberStyle styles result.Hessian[i, c - 3] text)
        styles.Bold

/// An aligned table: a row per output with its value and its row of the Jacobian, one column per leaf.
let writeJacobianTable (writer: TextWriter) (styles: Styles) (number: float -> string) (result: JacobianResult) =
    let n = result.Wrt.Length

    Table.write
        writer
        (Array.append [| "output"; "value" |] result.Wrt)
        (Array.append [| Table.Left; Table.Right |] (Array.create n Table.Right))
        result.Outputs.Length
        (fun k ->
            Array.append
                [| result.Outputs[k]; number result.Values[k] |]
                (Array.init n (fun j -> number result.Jacobian[k, j])))
        (fun k c text ->
            match c with
            | 0 -> text
            | 1 -> numberStyle styles result.Values[k] text
            | _ -> numberStyle styles result.Jacobian[k, c - 2] text)
        styles.Bold
