namespace Backprop.Functional.Learning

open System
open Backprop.Functional

/// <summary>
/// A network with numbers: the shape of a multi-layer perceptron and one value per parameter, in
/// the order of <see cref="M:Backprop.Functional.Learning.MlpModule.parameters(Backprop.Functional.Learning.Mlp)"/>.
/// </summary>
type Model = {
    /// The network's shape.
    Shape: MlpShape
    /// The parameter values, layer by layer, neuron by neuron, weights then bias.
    Parameters: float[]
}

/// <summary>
/// A model compiled for prediction: one tape per output, compiled once, re-run for each sample.
/// </summary>
/// <remarks>Holds its own buffers, so it is not thread-safe: use one predictor per thread.</remarks>
[<Sealed>]
type Predictor(model: Model) =
    let mlp = Mlp.create model.Shape
    let features = List.init model.Shape.Inputs (fun i -> Expr.var $"x{i}")
    let parameterNames = Mlp.parameterNames mlp

    do
        if model.Parameters.Length <> parameterNames.Length then
            invalidArg
                (nameof model)
                $"The shape has {parameterNames.Length} parameters; the model gives {model.Parameters.Length} values."

    let tapes = Mlp.apply mlp features |> List.map Tape.compile |> Array.ofList

    // Each tape's input buffer holds the parameters once and for all; only the features change.
    let inputs =
        tapes
        |> Array.map (fun tape ->
            let buffer = Array.zeroCreate<float> tape.Variables.Count

            parameterNames
            |> Array.iteri (fun i name ->
                let slot = tape.SlotOf name

                if slot >= 0 then
                    buffer[slot] <- model.Parameters[i])

            buffer)

    let featureSlots =
        tapes
        |> Array.map (fun tape -> Array.init model.Shape.Inputs (fun i -> tape.SlotOf $"x{i}"))

    let values = tapes |> Array.map (fun tape -> Array.zeroCreate<float> tape.Length)

    /// The model this predictor computes.
    member _.Model = model

    /// <summary>The first (for a classifier, the only) output for one sample's features. O(nodes).</summary>
    member this.Score(sample: ReadOnlySpan<float>) : float = this.Output(0, sample)

    /// <summary>Output <paramref name="index"/> for one sample's features. O(nodes), no allocation.</summary>
    member _.Output(index: int, sample: ReadOnlySpan<float>) : float =
        if sample.Length <> model.Shape.Inputs then
            invalidArg (nameof sample) $"The model takes {model.Shape.Inputs} features; the sample has {sample.Length}."

        let buffer = inputs[index]
        let slots = featureSlots[index]

        for i in 0 .. slots.Length - 1 do
            if slots[i] >= 0 then
                buffer[slots[i]] <- sample[i]

        tapes[index].Forward(ReadOnlySpan buffer, Span values[index])

    /// Every output for one sample's features.
    member this.Predict(sample: ReadOnlySpan<float>) : float[] =
        let outputs = Array.zeroCreate tapes.Length

        for i in 0 .. tapes.Length - 1 do
            outputs[i] <- this.Output(i, sample)

        outputs

/// Creating models and predicting with them.
[<RequireQualifiedAccess>]
module Model =

    /// A model of the given shape with micrograd's seeded initialisation (see <c>Mlp.initialize</c>).
    let create (shape: MlpShape) (seed: int64) : Model =
        let mlp = Mlp.create shape

        {
            Shape = shape
            Parameters = Mlp.initialize seed mlp
        }

    /// <summary>
    /// The score above which a classifier predicts the label 1: 0.5 for a sigmoid output layer
    /// (a probability), 0 otherwise (a margin or a logit).
    /// </summary>
    let threshold (model: Model) : float =
        match model.Shape.Output with
        | Activation.Sigmoid -> 0.5
        | _ -> 0.0

    /// A predictor that compiles the model once for many predictions.
    let predictor (model: Model) : Predictor = Predictor model

    /// The first output of the model for each row of features.
    let scores (model: Model) (features: float[][]) : float[] =
        let predictor = Predictor model
        features |> Array.map (fun row -> predictor.Score(ReadOnlySpan row))

    /// The class (-1 or 1) the model predicts for each row of features.
    let classify (model: Model) (features: float[][]) : float[] =
        let t = threshold model

        scores model features |> Array.map (fun s -> if s > t then 1.0 else -1.0)

    /// The fraction (0..1) of a dataset's samples whose label the model predicts.
    let accuracy (model: Model) (data: Dataset) : float =
        Classify.accuracy (threshold model) (scores model data.Features) data.Labels
