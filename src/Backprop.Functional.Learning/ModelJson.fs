namespace Backprop.Functional.Learning

open System
open System.IO
open System.Text
open System.Text.Json

/// <summary>
/// Saving and loading models as JSON:
/// <c>{ "format": "backprop-mlp", "version": 1, "inputs": 2, "hidden": "relu", "output": "linear",
/// "layers": [ { "weights": [[…], …], "biases": […] }, … ] }</c>, one row of weights per neuron.
/// Numbers are written in shortest round-trip form, so a loaded model predicts bit for bit as the
/// saved one.
/// </summary>
[<RequireQualifiedAccess>]
module ModelJson =

    [<Literal>]
    let private Format = "backprop-mlp"

    [<Literal>]
    let private Version = 1

    /// <summary>
    /// The model as indented JSON text. Raises <c>ArgumentException</c> when the parameters do not fit
    /// the shape or one is not finite (JSON has no NaN).
    /// </summary>
    let serialize (model: Model) : string =
        let shape = model.Shape

        if int64 model.Parameters.Length <> Mlp.parameterCount shape then
            invalidArg
                (nameof model)
                $"The shape has {Mlp.parameterCount shape} parameters; the model gives {model.Parameters.Length} values."

        if model.Parameters |> Array.exists (Double.IsFinite >> not) then
            invalidArg (nameof model) "A model with a NaN or infinite parameter cannot be saved."

        use stream = new MemoryStream()

        (use writer = new Utf8JsonWriter(stream, JsonWriterOptions(Indented = true))
         writer.WriteStartObject()
         writer.WriteString("format", Format)
         writer.WriteNumber("version", Version)
         writer.WriteNumber("inputs", shape.Inputs)
         writer.WriteString("hidden", Activation.name shape.Hidden)
         writer.WriteString("output", Activation.name shape.Output)
         writer.WriteStartArray "layers"
         let mutable next = 0
         let mutable fanIn = shape.Inputs

         for size in shape.Sizes do
             writer.WriteStartObject()
             writer.WriteStartArray "weights"
             let biases = Array.zeroCreate size

             for j in 0 .. size - 1 do
                 writer.WriteStartArray()

                 for _ in 1..fanIn do
                     writer.WriteNumberValue model.Parameters[next]
                     next <- next + 1

                 writer.WriteEndArray()
                 biases[j] <- model.Parameters[next]
                 next <- next + 1

             writer.WriteEndArray()
             writer.WriteStartArray "biases"

             for b in biases do
                 writer.WriteNumberValue b

             writer.WriteEndArray()
             writer.WriteEndObject()
             fanIn <- size

         writer.WriteEndArray()
         writer.WriteEndObject())

        Encoding.UTF8.GetString(stream.ToArray())

    /// Reads a JSON model, or says what is wrong with it.
    let private read (root: JsonElement) : Result<Model, string> =
        let fail message = raise (FormatException message)

        let property (element: JsonElement) (name: string) (kind: JsonValueKind) =
            match element.TryGetProperty name with
            | true, value when value.ValueKind = kind -> value
            | true, _ -> fail $"The property '{name}' must be a JSON {kind.ToString().ToLowerInvariant()}."
            | _ -> fail $"The property '{name}' is missing."

        let number (element: JsonElement) (where: string) =
            match element.ValueKind with
            | JsonValueKind.Number ->
                let value = element.GetDouble()

                if Double.IsFinite value then
                    value
                else
                    fail $"{where} is not a finite number."
            | _ -> fail $"{where} must be a number."

        let activation (name: string) =
            match Activation.parse ((property root name JsonValueKind.String).GetString()) with
            | Ok a -> a
            | Error message -> fail $"'{name}': {message}"

        try
            if root.ValueKind <> JsonValueKind.Object then
                fail "A model must be a JSON object."

            let format = (property root "format" JsonValueKind.String).GetString()

            if format <> Format then
                fail $"The format is '{format}'; expected '{Format}'."

            let version = (property root "version" JsonValueKind.Number).GetInt32()

            if version <> Version then
                fail $"Version {version} is not supported; this library reads version {Version}."

            let inputs = (property root "inputs" JsonValueKind.Number).GetInt32()

            if inputs < 1 then
                fail $"'inputs' must be at least 1; it is {inputs}."

            let parameters = ResizeArray<float>()
            let sizes = ResizeArray<int>()
            let mutable fanIn = inputs

            for l, layer in Seq.indexed ((property root "layers" JsonValueKind.Array).EnumerateArray()) do
                if layer.ValueKind <> JsonValueKind.Object then
                    fail $"Layer {l} must be a JSON object."

                let weights = property layer "weights" JsonValueKind.Array
                let biases = property layer "biases" JsonValueKind.Array
                let size = weights.GetArrayLength()

                if size < 1 then
                    fail $"Layer {l} has no neurons."

                if biases.GetArrayLength() <> size then
                    fail $"Layer {l} has {size} rows of weights but {biases.GetArrayLength()} biases."

                for j, row in Seq.indexed (weights.EnumerateArray()) do
                    if row.ValueKind <> JsonValueKind.Array || row.GetArrayLength() <> fanIn then
                        fail $"Layer {l}, neuron {j} must have an array of {fanIn} weights."

                    for i, w in Seq.indexed (row.EnumerateArray()) do
                        parameters.Add(number w $"Layer {l}, neuron {j}, weight {i}")

                    parameters.Add(number biases[j] $"Layer {l}, bias {j}")

                sizes.Add size
                fanIn <- size

            if sizes.Count = 0 then
                fail "The model has no layers."

            Ok {
                Shape = {
                    Inputs = inputs
                    Sizes = List.ofSeq sizes
                    Hidden = activation "hidden"
                    Output = activation "output"
                }
                Parameters = parameters.ToArray()
            }
        with
        | :? FormatException as e -> Error e.Message
        | :? InvalidOperationException as e -> Error e.Message

    /// <summary>Parses a model from JSON text, or says what is wrong with it.</summary>
    let deserialize (text: string) : Result<Model, string> =
        try
            use document = JsonDocument.Parse(if isNull text then "" else text)
            read document.RootElement
        with :? JsonException as e ->
            Error $"The model is not valid JSON: {e.Message}"

    /// <summary>Writes a model to a file, or says why it could not (including a model <c>serialize</c> rejects).</summary>
    let save (path: string) (model: Model) : Result<unit, string> =
        try
            File.WriteAllText(path, serialize model)
            Ok()
        with
        | :? IOException
        | :? UnauthorizedAccessException
        | :? NotSupportedException
        | :? ArgumentException as e -> Error $"The model cannot be written to '{path}': {e.Message}"

    /// <summary>Reads a model from a file (at most <c>Csv.MaxFileBytes</c>), or says why it could not.</summary>
    let load (path: string) : Result<Model, string> =
        try
            if FileInfo(path).Length > Csv.MaxFileBytes then
                Error $"The file '{path}' is {FileInfo(path).Length} bytes; at most {Csv.MaxFileBytes} are read."
            else
                deserialize (File.ReadAllText path)
        with
        | :? IOException
        | :? UnauthorizedAccessException
        | :? NotSupportedException
        | :? ArgumentException as e -> Error $"The model cannot be read from '{path}': {e.Message}"
