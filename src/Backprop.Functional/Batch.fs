namespace Backprop.Functional

open System
open System.Numerics.Tensors
open System.Threading.Tasks

/// <summary>The values and per-sample gradients of a batch run on many cores.</summary>
[<Sealed>]
type BatchResult internal (values: float[], gradients: float[][]) =
    /// The root's value for each sample.
    member _.Values: ReadOnlyMemory<float> = ReadOnlyMemory values

    /// <summary>The gradient of the root for each sample, in the tape's slot order: <c>Gradients[sample][slot]</c>.</summary>
    member _.Gradients: ReadOnlyMemory<float>[] = gradients |> Array.map ReadOnlyMemory

/// <summary>
/// Many samples through one compiled tape. Every opcode is applied to a whole span of samples at
/// once (vectorised where the operation is exact arithmetic), so dispatch costs are paid once per
/// node, not once per node and sample. Results equal the scalar tape's bit for bit: sums and
/// products are exact IEEE operations in any width, and other operations use the same scalar
/// functions as <see cref="T:Backprop.Functional.Tape"/>.
/// </summary>
/// <remarks>
/// Layout: a batch of <c>count</c> samples keeps node <c>i</c> of sample <c>s</c> at
/// <c>i * count + s</c> (values and adjoints, <c>tape.Length * count</c> elements), and variable
/// slot <c>v</c> of sample <c>s</c> at <c>v * count + s</c> (inputs and gradients).
/// </remarks>
[<RequireQualifiedAccess>]
module Batch =

    let inline private readOnly (span: Span<float>) : ReadOnlySpan<float> = Span<float>.op_Implicit span

    let private requireLength (name: string) (actual: int) (needed: int) =
        if actual < needed then
            invalidArg name $"The buffer needs {needed} elements; it has {actual}."

    /// <summary>Forward sweep of <paramref name="count"/> samples; no allocation.</summary>
    [<CompiledName("Forward")>]
    let forward (tape: Tape, count: int, inputs: ReadOnlySpan<float>, values: Span<float>) : unit =
        requireLength (nameof inputs) inputs.Length (tape.Variables.Count * count)
        requireLength (nameof values) values.Length (tape.Length * count)
        let first, second, constants = tape.First, tape.Second, tape.Constants
        let runOps, runEnds = tape.RunOps, tape.RunEnds
        let mutable start = 0

        for run in 0 .. runOps.Length - 1 do
            let stop = runEnds[run] - 1

            for i in start..stop do
                let target = values.Slice(i * count, count)

                match runOps[run] with
                | OpCode.Const -> target.Fill constants[first[i]]
                | OpCode.Var -> inputs.Slice(first[i] * count, count).CopyTo target
                | OpCode.Add ->
                    TensorPrimitives.Add(
                        readOnly (values.Slice(first[i] * count, count)),
                        readOnly (values.Slice(second[i] * count, count)),
                        target
                    )
                | OpCode.Mul ->
                    TensorPrimitives.Multiply(
                        readOnly (values.Slice(first[i] * count, count)),
                        readOnly (values.Slice(second[i] * count, count)),
                        target
                    )
                | op ->
                    let a = readOnly (values.Slice(first[i] * count, count))

                    match op with
                    | OpCode.PowConst ->
                        let c = constants[second[i]]

                        for s in 0 .. count - 1 do
                            target[s] <- LocalDerivatives.powConst a[s] c
                    | OpCode.Pow ->
                        let b = readOnly (values.Slice(second[i] * count, count))

                        for s in 0 .. count - 1 do
                            target[s] <- LocalDerivatives.pow a[s] b[s]
                    | OpCode.Exp ->
                        for s in 0 .. count - 1 do
                            target[s] <- LocalDerivatives.exp a[s]
                    | OpCode.Log ->
                        for s in 0 .. count - 1 do
                            target[s] <- LocalDerivatives.log a[s]
                    | OpCode.Tanh ->
                        for s in 0 .. count - 1 do
                            target[s] <- LocalDerivatives.tanh a[s]
                    | OpCode.Sigmoid ->
                        for s in 0 .. count - 1 do
                            target[s] <- LocalDerivatives.sigmoid a[s]
                    | OpCode.Relu ->
                        for s in 0 .. count - 1 do
                            target[s] <- LocalDerivatives.relu a[s]
                    | OpCode.Max ->
                        let b = readOnly (values.Slice(second[i] * count, count))

                        for s in 0 .. count - 1 do
                            target[s] <- LocalDerivatives.max a[s] b[s]
                    | _ ->
                        let b = readOnly (values.Slice(second[i] * count, count))

                        for s in 0 .. count - 1 do
                            target[s] <- LocalDerivatives.min a[s] b[s]

            start <- stop + 1

    /// <summary>
    /// Reverse sweep of <paramref name="count"/> samples over values from <see cref="M:Backprop.Functional.BatchModule.Forward"/>;
    /// fills adjoints and per-sample gradients (slot-major). No allocation.
    /// </summary>
    [<CompiledName("Backward")>]
    let backward
        (tape: Tape, count: int, values: ReadOnlySpan<float>, adjoints: Span<float>, gradients: Span<float>)
        : unit =
        let n = tape.Length
        requireLength (nameof values) values.Length (n * count)
        requireLength (nameof adjoints) adjoints.Length (n * count)
        requireLength (nameof gradients) gradients.Length (tape.Variables.Count * count)
        let first, second, constants = tape.First, tape.Second, tape.Constants
        let runOps, runEnds = tape.RunOps, tape.RunEnds
        adjoints.Slice(0, n * count).Clear()
        gradients.Slice(0, tape.Variables.Count * count).Clear()
        adjoints.Slice((n - 1) * count, count).Fill 1.0
        let mutable stop = n - 1

        for run in runOps.Length - 1 .. -1 .. 0 do
            let start = if run = 0 then 0 else runEnds[run - 1]

            for i in stop .. -1 .. start do
                let g = readOnly (adjoints.Slice(i * count, count))

                match runOps[run] with
                | OpCode.Const -> ()
                | OpCode.Var ->
                    let target = gradients.Slice(first[i] * count, count)
                    TensorPrimitives.Add(readOnly target, g, target)
                | OpCode.Add ->
                    let a = adjoints.Slice(first[i] * count, count)
                    TensorPrimitives.Add(readOnly a, g, a)
                    let b = adjoints.Slice(second[i] * count, count)
                    TensorPrimitives.Add(readOnly b, g, b)
                | OpCode.Mul ->
                    // adjoint(a) += g · value(b), multiplied then added (not fused), as the scalar tape.
                    let a = adjoints.Slice(first[i] * count, count)
                    TensorPrimitives.MultiplyAdd(g, values.Slice(second[i] * count, count), readOnly a, a)
                    let b = adjoints.Slice(second[i] * count, count)
                    TensorPrimitives.MultiplyAdd(g, values.Slice(first[i] * count, count), readOnly b, b)
                | op ->
                    let a = first[i]
                    let va = values.Slice(a * count, count)
                    let adjA = adjoints.Slice(a * count, count)
                    let out = values.Slice(i * count, count)

                    match op with
                    | OpCode.PowConst ->
                        let c = constants[second[i]]

                        for s in 0 .. count - 1 do
                            adjA[s] <- adjA[s] + g[s] * LocalDerivatives.powConstDa va[s] c
                    | OpCode.Pow ->
                        let b = second[i]
                        let vb = values.Slice(b * count, count)
                        let adjB = adjoints.Slice(b * count, count)

                        for s in 0 .. count - 1 do
                            adjA[s] <- adjA[s] + g[s] * LocalDerivatives.powDa va[s] vb[s]
                            adjB[s] <- adjB[s] + g[s] * LocalDerivatives.powDb out[s] va[s]
                    | OpCode.Exp ->
                        for s in 0 .. count - 1 do
                            adjA[s] <- adjA[s] + g[s] * LocalDerivatives.expDa out[s]
                    | OpCode.Log ->
                        for s in 0 .. count - 1 do
                            adjA[s] <- adjA[s] + g[s] * LocalDerivatives.logDa va[s]
                    | OpCode.Tanh ->
                        for s in 0 .. count - 1 do
                            adjA[s] <- adjA[s] + g[s] * LocalDerivatives.tanhDa out[s]
                    | OpCode.Sigmoid ->
                        for s in 0 .. count - 1 do
                            adjA[s] <- adjA[s] + g[s] * LocalDerivatives.sigmoidDa out[s]
                    | OpCode.Relu ->
                        for s in 0 .. count - 1 do
                            adjA[s] <- adjA[s] + g[s] * LocalDerivatives.reluDa va[s]
                    | OpCode.Max ->
                        let b = second[i]
                        let vb = values.Slice(b * count, count)
                        let adjB = adjoints.Slice(b * count, count)

                        for s in 0 .. count - 1 do
                            if LocalDerivatives.maxPicksFirst va[s] vb[s] then
                                adjA[s] <- adjA[s] + g[s]
                            else
                                adjB[s] <- adjB[s] + g[s]
                    | _ ->
                        let b = second[i]
                        let vb = values.Slice(b * count, count)
                        let adjB = adjoints.Slice(b * count, count)

                        for s in 0 .. count - 1 do
                            if LocalDerivatives.minPicksFirst va[s] vb[s] then
                                adjA[s] <- adjA[s] + g[s]
                            else
                                adjB[s] <- adjB[s] + g[s]

            stop <- start - 1

    /// <summary>Forward then reverse sweep of <paramref name="count"/> samples. No allocation.</summary>
    [<CompiledName("Gradient")>]
    let gradient
        (
            tape: Tape,
            count: int,
            inputs: ReadOnlySpan<float>,
            values: Span<float>,
            adjoints: Span<float>,
            gradients: Span<float>
        ) : unit =
        forward (tape, count, inputs, values)
        backward (tape, count, readOnly values, adjoints, gradients)

    /// One worker's buffers for one chunk of a parallel run.
    type private WorkerBuffers = {
        Inputs: float[]
        Values: float[]
        Adjoints: float[]
        Gradients: float[]
    }

    /// Samples per chunk of a parallel run: enough to amortise dispatch, small enough for cache.
    let chunkSize = 64

    /// <summary>
    /// Values and gradients of many samples (each a row of inputs in slot order) on all cores:
    /// the samples are cut into chunks, and each worker sweeps its chunks with its own buffers.
    /// </summary>
    [<CompiledName("Run")>]
    let run (tape: Tape) (samples: float[][]) : BatchResult =
        let slots = tape.Variables.Count

        samples
        |> Array.iteri (fun s row ->
            if isNull row || row.Length <> slots then
                invalidArg (nameof samples) $"Sample {s} must have {slots} inputs, one per variable slot.")

        let values = Array.zeroCreate samples.Length
        let gradients = Array.init samples.Length (fun _ -> Array.zeroCreate slots)
        let chunks = (samples.Length + chunkSize - 1) / chunkSize

        let buffers () = {
            Inputs = Array.zeroCreate (slots * chunkSize)
            Values = Array.zeroCreate (tape.Length * chunkSize)
            Adjoints = Array.zeroCreate (tape.Length * chunkSize)
            Gradients = Array.zeroCreate (slots * chunkSize)
        }

        let sweepChunk chunk (_: ParallelLoopState) (buffers: WorkerBuffers) =
            let first = chunk * chunkSize
            let count = min chunkSize (samples.Length - first)

            for s in 0 .. count - 1 do
                for v in 0 .. slots - 1 do
                    buffers.Inputs[v * count + s] <- samples[first + s][v]

            gradient (
                tape,
                count,
                ReadOnlySpan buffers.Inputs,
                Span buffers.Values,
                Span buffers.Adjoints,
                Span buffers.Gradients
            )

            for s in 0 .. count - 1 do
                values[first + s] <- buffers.Values[(tape.Length - 1) * count + s]

                for v in 0 .. slots - 1 do
                    gradients[first + s][v] <- buffers.Gradients[v * count + s]

            buffers

        Parallel.For(0, chunks, Func<_> buffers, Func<_, _, _, _> sweepChunk, Action<_> ignore)
        |> ignore

        BatchResult(values, gradients)
