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
/// one tape; the penalty is another. An evaluation runs the sample tape over chunks of up
/// to 256 samples at a time (<see cref="T:Backprop.Functional.BatchModule"/>: each
/// operation applied to the whole chunk, so dispatch is paid once per node and chunk) and sums the
/// per-sample gradients in sample order — what running the scalar tape on each sample gives, bit
/// for bit but for the batch's tanh (within 2 ulp, see the batch module). Memory is one chunk's buffers, whatever the number of samples.
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
    // Wide chunks pay each node's dispatch over more samples; the cap keeps a chunk's value and
    // adjoint buffers near 8 MB each however large the network.
    let chunk = samples |> min 256 |> min (max 1 ((1 <<< 20) / sampleTape.Length))
    let slotCount = sampleTape.Variables.Count
    let sampleInputs = Array.zeroCreate<float> (slotCount * chunk)
    let sampleValues = Array.zeroCreate<float> (sampleTape.Length * chunk)
    let sampleAdjoints = Array.zeroCreate<float> (sampleTape.Length * chunk)
    let sampleGradients = Array.zeroCreate<float> (slotCount * chunk)
    let penaltyInputs = Array.zeroCreate<float> penaltyTape.Variables.Count
    let penaltyValues = Array.zeroCreate<float> penaltyTape.Length
    let penaltyAdjoints = Array.zeroCreate<float> penaltyTape.Length
    let penaltyGradients = Array.zeroCreate<float> penaltyTape.Variables.Count
    let rootNode = sampleTape.Length - 1

    let measure (parameters: ReadOnlySpan<float>) (gradients: Span<float>) (withGradients: bool) =
        if parameters.Length <> names.Length then
            invalidArg
                (nameof parameters)
                $"The network has {names.Length} parameters; {parameters.Length} values were given."

        if withGradients && gradients.Length <> names.Length then
            invalidArg (nameof gradients) $"The gradient buffer needs {names.Length} elements."

        for i in 0 .. penaltySlots.Length - 1 do
            if penaltySlots[i] >= 0 then
                penaltyInputs[penaltySlots[i]] <- parameters[i]

        gradients.Clear()
        let mutable total = 0.0
        let mutable correct = 0
        let mutable first = 0

        while first < samples do
            let count = min chunk (samples - first)

            // Batch layout: variable slot v of sample s at v * count + s; node i at i * count + s.
            for i in 0 .. names.Length - 1 do
                if sampleParameterSlots[i] >= 0 then
                    Span(sampleInputs, sampleParameterSlots[i] * count, count).Fill parameters[i]

            for s in 0 .. count - 1 do
                let row = data.Features[first + s]

                for i in 0 .. width - 1 do
                    if featureSlots[i] >= 0 then
                        sampleInputs[featureSlots[i] * count + s] <- row[i]

                sampleInputs[labelSlot * count + s] <- data.Labels[first + s]

            if withGradients then
                Batch.gradient (
                    sampleTape,
                    count,
                    ReadOnlySpan sampleInputs,
                    Span sampleValues,
                    Span sampleAdjoints,
                    Span sampleGradients
                )

                for i in 0 .. names.Length - 1 do
                    let slot = sampleParameterSlots[i]

                    if slot >= 0 then
                        let mutable sum = gradients[i]

                        for s in 0 .. count - 1 do
                            sum <- sum + sampleGradients[slot * count + s]

                        gradients[i] <- sum
            else
                Batch.forward (sampleTape, count, ReadOnlySpan sampleInputs, Span sampleValues)

            for s in 0 .. count - 1 do
                total <- total + sampleValues[rootNode * count + s]

                if Classify.isCorrect threshold sampleValues[scoreNode * count + s] data.Labels[first + s] then
                    correct <- correct + 1

            first <- first + count

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

    /// <summary>The loss and accuracy at <paramref name="parameters"/>. O(samples × tape); no allocation.</summary>
    member _.Measure(parameters: ReadOnlySpan<float>) : Measurement = measure parameters Span.Empty false

    /// <summary>
    /// The loss and accuracy at <paramref name="parameters"/>, filling <paramref name="gradients"/>
    /// with the gradient of the loss in parameter order. O(samples × tape); no allocation.
    /// </summary>
    member _.Gradient(parameters: ReadOnlySpan<float>, gradients: Span<float>) : Measurement =
        measure parameters gradients true
