namespace Backprop.Functional.Learning

open System
open Backprop.Functional

/// A classifier's loss and accuracy on its data at some parameter values.
[<Struct>]
type Measurement = {
    /// The mean per-sample loss plus the L2 penalty.
    Loss: float
    /// The fraction (0..1) of samples classified correctly.
    Accuracy: float
}

/// <summary>
/// The training objective of a one-output network on a dataset — the mean per-sample loss plus
/// <c>α·Σp²</c> — compiled once and evaluated for any parameter values with no graph building.
/// </summary>
/// <remarks>
/// The loss of one sample, with the features and the label as variables beside the parameters, is
/// one tape; the penalty is another. An evaluation sums the sample tape over the data with
/// <see cref="T:Backprop.Functional.BatchSum"/> (each operation applied to a chunk of samples at
/// once, on every core, the parameters read once) and keeps each sample's score for the accuracy:
/// what running the scalar tape on each sample and adding up gives, to rounding (another order of
/// summation, and the batch's tanh within 2 ulp), and the same bits on any number of cores.
/// Memory is the data's rows once and a chunk's buffers per core, whatever the number of samples.
/// Holds its own buffers: not thread-safe.
/// </remarks>
[<Sealed>]
type Objective(mlp: Mlp, loss: Loss, l2: float, data: Dataset) =
    let width = mlp.Shape.Inputs

    do
        match Dataset.validate data with
        | [] -> ()
        | problems -> invalidArg (nameof data) (String.concat " " problems)

        if Dataset.featureCount data <> width then
            invalidArg (nameof data) $"The network takes {width} features; the data has {Dataset.featureCount data}."

        if List.last mlp.Shape.Sizes <> 1 then
            invalidArg (nameof mlp) "A classifier's network has exactly one output."

    let names = Mlp.parameterNames mlp
    let features = Array.init width (fun i -> $"x{i}")

    let score =
        Mlp.apply mlp [ for name in features -> Expr.var name ] |> List.exactlyOne

    let sampleTape = Tape.compile (Loss.sample loss score (Expr.var "y"))
    let penaltyTape = Tape.compile (Loss.l2 l2 (Mlp.parameters mlp))

    let scoreNode =
        match sampleTape.TryIndexOf score with
        | ValueSome i -> i
        | ValueNone -> invalidOp "The score is missing from the loss tape."

    let threshold =
        match mlp.Shape.Output with
        | Activation.Sigmoid -> 0.5
        | _ -> 0.0

    let slotsOf (tape: Tape) (wanted: string[]) = wanted |> Array.map tape.SlotOf
    let sampleParameterSlots = slotsOf sampleTape names
    let featureSlots = slotsOf sampleTape features
    let labelSlot = sampleTape.SlotOf "y"
    let penaltySlots = slotsOf penaltyTape names

    let samples = data.Labels.Length

    // Per sample the features the tape reads and the label, row by row, as BatchSum takes them.
    let rowSlots =
        Array.append featureSlots [| labelSlot |]
        |> Array.filter (fun slot -> slot >= 0)

    let rows =
        let row = Array.zeroCreate<float> (samples * rowSlots.Length)
        let mutable k = 0

        for s in 0 .. samples - 1 do
            for i in 0 .. width - 1 do
                if featureSlots[i] >= 0 then
                    row[k] <- data.Features[s][i]
                    k <- k + 1

            if labelSlot >= 0 then
                row[k] <- data.Labels[s]
                k <- k + 1

        row

    let sum = BatchSum(sampleTape, rowSlots)
    let sharedValues = Array.zeroCreate<float> sampleTape.Variables.Count
    let sampleGradients = Array.zeroCreate<float> sampleTape.Variables.Count
    let scores = Array.zeroCreate<float> samples
    let penaltyInputs = Array.zeroCreate<float> penaltyTape.Variables.Count
    let penaltyValues = Array.zeroCreate<float> penaltyTape.Length
    let penaltyAdjoints = Array.zeroCreate<float> penaltyTape.Length
    let penaltyGradients = Array.zeroCreate<float> penaltyTape.Variables.Count

    let measure (parameters: ReadOnlySpan<float>) (gradients: Span<float>) (withGradients: bool) =
        if parameters.Length <> names.Length then
            invalidArg
                (nameof parameters)
                $"The network has {names.Length} parameters; {parameters.Length} values were given."

        if withGradients && gradients.Length <> names.Length then
            invalidArg (nameof gradients) $"The gradient buffer needs {names.Length} elements."

        for i in 0 .. names.Length - 1 do
            if penaltySlots[i] >= 0 then
                penaltyInputs[penaltySlots[i]] <- parameters[i]

            if sampleParameterSlots[i] >= 0 then
                sharedValues[sampleParameterSlots[i]] <- parameters[i]

        let total =
            sum.Run(
                ReadOnlyMemory sharedValues,
                ReadOnlyMemory rows,
                samples,
                (if withGradients then
                     Memory sampleGradients
                 else
                     Memory.Empty),
                Environment.ProcessorCount,
                scoreNode,
                Memory scores
            )

        gradients.Clear()

        if withGradients then
            for i in 0 .. names.Length - 1 do
                if sampleParameterSlots[i] >= 0 then
                    gradients[i] <- sampleGradients[sampleParameterSlots[i]]

        let mutable correct = 0

        for s in 0 .. samples - 1 do
            if Classify.isCorrect threshold scores[s] data.Labels[s] then
                correct <- correct + 1

        let scale = 1.0 / float samples

        let penalty =
            if withGradients then
                for i in 0 .. names.Length - 1 do
                    gradients[i] <- gradients[i] * scale

                let value =
                    penaltyTape.Gradient(
                        ReadOnlySpan penaltyInputs,
                        Span penaltyValues,
                        Span penaltyAdjoints,
                        Span penaltyGradients
                    )

                for i in 0 .. names.Length - 1 do
                    if penaltySlots[i] >= 0 then
                        gradients[i] <- gradients[i] + penaltyGradients[penaltySlots[i]]

                value
            else
                penaltyTape.Forward(ReadOnlySpan penaltyInputs, Span penaltyValues)

        {
            Loss = total * scale + penalty
            Accuracy = float correct / float samples
        }

    /// The network whose parameters the objective takes.
    member _.Network = mlp

    /// The parameter names, in the order parameter and gradient buffers use.
    member _.ParameterNames: string[] = Array.copy names

    /// The number of nodes of the per-sample tape (the work per sample and evaluation).
    member _.SampleTapeLength = sampleTape.Length

    /// <summary>The loss and accuracy at <paramref name="parameters"/>. O(samples × tape); nothing allocated in proportion to the samples (a parallel loop's few kilobytes on several cores).</summary>
    member _.Measure(parameters: ReadOnlySpan<float>) : Measurement = measure parameters Span.Empty false

    /// <summary>
    /// The loss and accuracy at <paramref name="parameters"/>, filling <paramref name="gradients"/>
    /// with the gradient of the loss in parameter order. O(samples × tape), as <c>Measure</c>.
    /// </summary>
    member _.Gradient(parameters: ReadOnlySpan<float>, gradients: Span<float>) : Measurement =
        measure parameters gradients true
