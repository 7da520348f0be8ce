namespace Backprop.Functional

open System
open System.Numerics.Tensors
open System.Threading.Tasks

/// <summary>The values and per-sample gradients of a batch run on many cores.</summary>
[<Sealed>]
type BatchResult internal (values: float[], gradients: float[][]) =
    // Built once: a property that rebuilt the array made a loop over the samples quadratic.
    let rows = gradients |> Array.map ReadOnlyMemory

    /// The root's value for each sample.
    member _.Values: ReadOnlyMemory<float> = ReadOnlyMemory values

    /// <summary>
    /// The gradient of the root for each sample, in the tape's slot order: <c>Gradients[sample][slot]</c>.
    /// The same array on every read: O(1).
    /// </summary>
    member _.Gradients: ReadOnlyMemory<float>[] = rows

/// <summary>
/// Many samples through one compiled tape. Every operation is applied to a whole span of samples at
/// once (vectorised where the operation is exact arithmetic), so dispatch costs are paid once per
/// node, not once per node and sample. Results equal the scalar tape's bit for bit, except that
/// tanh is vectorised and within 2 ulp of the scalar tape's <c>Math.Tanh</c> (5 to 10 times faster;
/// what a graph computes from it is correspondingly close): sums, products, negation, abs and
/// sqrt are exact IEEE operations in any width, and the other operations apply the same scalar
/// rules as <see cref="T:Backprop.Functional.Tape"/> (the operations table).
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

    /// <summary>
    /// The forward sweep, lengths unchecked. With <paramref name="shared"/> (else null), the
    /// variables' nodes are left as they are (the caller has written their values; see BatchSum)
    /// and the kernels are told which nodes have one value for every sample
    /// (<c>Kernel.BatchForwardShared</c>).
    /// </summary>
    let internal sweepForward
        (tape: Tape, count: int, inputs: ReadOnlySpan<float>, values: Span<float>, shared: bool[])
        =
        let code, runKernels, runEnds = tape.Code, tape.RunKernels, tape.RunEnds
        let mutable start = 0

        for run in 0 .. runKernels.Length - 1 do
            let stop = runEnds[run] - 1

            if isNull shared then
                runKernels[run].BatchForward(start, stop, count, code, inputs, values)
            elif not (runKernels[run] :? VariableKernel) then
                runKernels[run].BatchForwardShared(start, stop, count, code, shared, values)

            start <- stop + 1

    /// <summary>Forward sweep of <paramref name="count"/> samples; no allocation.</summary>
    [<CompiledName("Forward")>]
    let forward (tape: Tape, count: int, inputs: ReadOnlySpan<float>, values: Span<float>) : unit =
        requireLength (nameof inputs) inputs.Length (tape.Variables.Count * count)
        requireLength (nameof values) values.Length (tape.Length * count)
        sweepForward (tape, count, inputs, values, null)

    /// <summary>
    /// The reverse sweep, lengths unchecked. With <paramref name="shared"/> (else null), as
    /// <c>Kernel.BatchBackwardShared</c>: the variables' adjoints are left in place, shared
    /// operands may receive sums at their first sample, and the adjoints must be all zero on
    /// entry and are zero again on return but the variables': each run's are cleared as soon as
    /// the run has passed them on (no later node reads them), while they are still in cache,
    /// instead of clearing the whole buffer before the next sweep (see BatchSum).
    /// </summary>
    let internal sweepBackward
        (
            tape: Tape,
            count: int,
            values: ReadOnlySpan<float>,
            adjoints: Span<float>,
            gradients: Span<float>,
            shared: bool[]
        ) =
        let n = tape.Length
        let code, runKernels, runEnds = tape.Code, tape.RunKernels, tape.RunEnds

        if isNull shared then
            adjoints.Slice(0, n * count).Clear()
            gradients.Clear()

        // The reverse sweep covers the output's graph only, as the scalar tape's does.
        let output = tape.OutputCount - 1
        adjoints.Slice(output * count, count).Fill 1.0
        let mutable stop = output

        for run in tape.RunsOfOutput .. -1 .. 0 do
            let start = if run = 0 then 0 else runEnds[run - 1]

            if isNull shared then
                runKernels[run].BatchBackward(start, stop, count, code, values, adjoints, gradients)
            elif not (runKernels[run] :? VariableKernel) then
                runKernels[run].BatchBackwardShared(start, stop, count, code, shared, values, adjoints)
                adjoints.Slice(start * count, (stop - start + 1) * count).Clear()

            stop <- start - 1

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
        sweepBackward (tape, count, values, adjoints, gradients.Slice(0, tape.Variables.Count * count), null)

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

    /// Each tape's workers' buffers, kept for its next run while the tape lives (unless large).
    let private idleBuffers =
        System.Runtime.CompilerServices.ConditionalWeakTable<
            Tape,
            System.Collections.Concurrent.ConcurrentBag<WorkerBuffers>
         >()

    /// The largest value buffer (in elements, 32 MB) a tape keeps between runs for each worker.
    let private keptElements = 4 <<< 20

    /// The smallest number of samples per chunk of a parallel run.
    let chunkSize = 64

    /// <summary>
    /// Samples per chunk for a tape: as many as keep a chunk's values and adjoints near 2 MiB (the
    /// measured best, docs/performance.md), at least 64 (to amortise a node's dispatch) and at
    /// most 512, a multiple of 8.
    /// </summary>
    let internal chunkSizeOf (tape: Tape) =
        let fitting = (2 <<< 20) / (16 * max 1 tape.Length)
        fitting / 8 * 8 |> max chunkSize |> min 512

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
        let chunk = chunkSizeOf tape
        let chunks = (samples.Length + chunk - 1) / chunk

        let idle =
            idleBuffers.GetValue(tape, (fun _ -> System.Collections.Concurrent.ConcurrentBag()))

        let buffers () =
            match idle.TryTake() with
            | true, buffers -> buffers
            | _ -> {
                Inputs = Array.zeroCreate (slots * chunk)
                Values = Array.zeroCreate (tape.Length * chunk)
                Adjoints = Array.zeroCreate (tape.Length * chunk)
                Gradients = Array.zeroCreate (slots * chunk)
              }

        let sweepChunk index (_: ParallelLoopState) (buffers: WorkerBuffers) =
            let first = index * chunk
            let count = min chunk (samples.Length - first)

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
                values[first + s] <- buffers.Values[(tape.OutputCount - 1) * count + s]

                for v in 0 .. slots - 1 do
                    gradients[first + s][v] <- buffers.Gradients[v * count + s]

            buffers

        // Kept for the next run unless large (a tape of millions of nodes): then given back.
        let keep (buffers: WorkerBuffers) =
            if buffers.Values.Length <= keptElements then
                idle.Add buffers

        Parallel.For(0, chunks, Func<_> buffers, Func<_, _, _, _> sweepChunk, Action<_> keep)
        |> ignore

        BatchResult(values, gradients)
