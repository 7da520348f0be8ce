namespace Backprop.Functional

open System
open System.Collections.Concurrent
open System.Runtime.CompilerServices
open System.Threading.Tasks

/// One worker's buffers for a chunk of samples, kept between runs.
[<Sealed>]
type internal BatchWorker(tape: Tape, chunk: int) =
    member val Values: float[] = Array.zeroCreate (tape.Length * chunk)
    member val Adjoints: float[] = Array.zeroCreate (tape.Length * chunk)
    /// The number of samples the shared values were last spread over, in the current run (0: none).
    member val SharedFor = 0 with get, set

/// <summary>
/// The sum over many samples of a tape's output, and of its gradient, on one or more cores: a loss
/// over a dataset, where some variables are the same for every sample (the parameters) and the
/// others are given per sample (the data). Memory is a chunk of samples' buffers per worker, kept
/// for the next run; a run allocates nothing in proportion to the samples.
/// </summary>
/// <remarks>
/// The samples are cut into chunks of a size fixed by the tape's length (values and adjoints of a
/// chunk near 2 MiB, in cache); each chunk is one forward and one reverse batch sweep
/// (<see cref="T:Backprop.Functional.BatchModule"/>, so tanh is within 2 ulp of the scalar tape's).
/// The parameters are read as numbers where that pays: a product with a weight, or a sum with a
/// bias, passes the weight's adjoint on summed over the chunk's samples (a dot product), instead
/// of as a span to be summed after the sweep. Within a chunk, the samples' contributions are
/// summed in a fixed order of sixteen interleaved partial sums; the chunks' sums are added in
/// chunk order. So the result does not depend on the
/// number of threads: the same bits on one thread or many, on every run. (Across processors,
/// tanh's vectorised exponential may differ by an ulp.)
/// One run at a time per object (it holds the chunks' partial sums); a tape may have many.
/// </remarks>
[<Sealed>]
type BatchSum(tape: Tape, sampleSlots: int[]) =
    let slots = tape.Variables.Count

    do
        if isNull sampleSlots then
            nullArg (nameof sampleSlots)

        let seen = Collections.Generic.HashSet<int>()

        for slot in sampleSlots do
            if slot < 0 || slot >= slots then
                invalidArg (nameof sampleSlots) $"Slot {slot} is not one of the tape's {slots} variable slots."

            if not (seen.Add slot) then
                invalidArg (nameof sampleSlots) $"Slot {slot} is given twice."

    let width = sampleSlots.Length
    let isSampleSlot = Array.init slots (fun slot -> Array.contains slot sampleSlots)
    let output = tape.OutputCount - 1

    // Each node's kernel, from the tape's runs: what the tables below are read from.
    let kernelOf =
        let kernels = Array.zeroCreate<Kernel> tape.Length
        let mutable start = 0

        for run in 0 .. tape.RunKernels.Length - 1 do
            Array.fill kernels start (tape.RunEnds[run] - start) tape.RunKernels[run]
            start <- tape.RunEnds[run]

        kernels

    let code = tape.Code

    // The tape's variable nodes with their slots. A run writes their values itself — the shared
    // ones once per worker, the others straight from the rows — and sums their adjoints itself,
    // instead of having the sweeps copy inputs and write per-sample gradients.
    let variableNodes = [|
        for i in 0 .. tape.Length - 1 do
            if kernelOf[i] :? VariableKernel then
                struct (i, code.First[i])
    |]

    let sharedNodes =
        variableNodes |> Array.filter (fun struct (_, slot) -> not isSampleSlot[slot])

    let sampleNodes =
        variableNodes
        |> Array.filter (fun struct (_, slot) -> isSampleSlot[slot])
        |> Array.map (fun struct (node, slot) -> struct (node, Array.IndexOf(sampleSlots, slot)))

    // The nodes with one value in every sample: the constants and the shared variables.
    let isShared =
        Array.init tape.Length (fun i ->
            match kernelOf[i] with
            | :? ConstantKernel -> true
            | :? VariableKernel -> not isSampleSlot[code.First[i]]
            | _ -> false)

    // The shared nodes whose adjoints only ever receive sums at their first sample: every node
    // that reads them sums shared operands (a product or sum whose other operand is not shared),
    // and none is the output. A chunk reads one number for them instead of summing a span. The
    // marks below are the nodes some kernel may give every sample's adjoint.
    let summedAtFirst =
        let marks = Array.zeroCreate tape.Length

        for i in 0 .. tape.Length - 1 do
            let kernel = kernelOf[i]
            let operands = kernel.OperandNodes
            let a, b = code.First[i], code.Second[i]

            if not (kernel.SumsSharedOperand && operands = 2 && isShared[a] <> isShared[b]) then
                if operands >= 1 && isShared[a] then
                    marks[a] <- true

                if operands >= 2 && isShared[b] then
                    marks[b] <- true

        marks[output] <- true
        Array.init tape.Length (fun i -> isShared[i] && not marks[i])

    // Only those up to the output receive adjoints.
    let reachedNodes =
        variableNodes |> Array.filter (fun struct (node, _) -> node <= output)

    let chunk = Batch.chunkSizeOf tape
    let workers = ConcurrentBag<BatchWorker>()
    // Per chunk: the output's sum, then each slot's gradient sum; grown on demand, kept.
    let mutable partials: float[] = Array.empty

    /// One chunk: its inputs written into the values, both sweeps, its partial sums.
    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    member private _.Sweep
        (
            index: int,
            worker: BatchWorker,
            shared: ReadOnlyMemory<float>,
            samples: ReadOnlyMemory<float>,
            count: int,
            withGradients: bool,
            watched: int,
            watchedValues: Memory<float>
        ) =
        let stride = slots + 1
        let first = index * chunk
        let n = min chunk (count - first)
        let values = worker.Values
        let shared = shared.Span
        let rows = samples.Span

        if worker.SharedFor <> n then
            for struct (node, slot) in sharedNodes do
                Span(values, node * n, n).Fill shared[slot]

            worker.SharedFor <- n

        for struct (node, column) in sampleNodes do
            let into = Span(values, node * n, n)

            for s in 0 .. n - 1 do
                into[s] <- rows[(first + s) * width + column]

        Batch.sweepForward (tape, n, ReadOnlySpan.Empty, Span values, isShared)

        if watched >= 0 then
            ReadOnlySpan(values, watched * n, n).CopyTo(watchedValues.Span.Slice(first, n))

        let into = Span(partials, index * stride, stride)
        into.Clear()
        into[0] <- VectorMath.sum (ReadOnlySpan(values, output * n, n))

        if withGradients then
            // The worker's adjoints are all zero between chunks: the sweep leaves every node's
            // but the variables' so, and the variables' are cleared below once summed.
            Batch.sweepBackward (tape, n, ReadOnlySpan values, Span worker.Adjoints, Span.Empty, isShared)

            for struct (node, slot) in reachedNodes do
                if summedAtFirst[node] then
                    into[1 + slot] <- into[1 + slot] + worker.Adjoints[node * n]
                    worker.Adjoints[node * n] <- 0.0
                else
                    let adjoints = Span(worker.Adjoints, node * n, n)
                    into[1 + slot] <- into[1 + slot] + VectorMath.sum (Span.op_Implicit adjoints)
                    adjoints.Clear()

    /// The tape this sums over.
    member _.Tape = tape

    /// The slots whose values are given per sample, in the order of a sample's row.
    member _.SampleSlots: int[] = Array.copy sampleSlots

    /// The number of samples a worker sweeps at once.
    member _.ChunkSize = chunk

    /// <summary>
    /// Sums the output over <paramref name="count"/> samples and fills <paramref name="gradients"/>
    /// (one per slot) with the sum of the samples' gradients; returns the output's sum. With an
    /// empty <paramref name="gradients"/>, only the forward sweeps run (a loss without its
    /// gradient, about a third of the work). With <paramref name="watched"/> a node's index (from
    /// <c>Tape.TryIndexOf</c>, say a network's score under its loss), each sample's value of that
    /// node is written to <paramref name="watchedValues"/>, at the sample's index; -1 for none.
    /// </summary>
    /// <param name="shared">A value for every slot, in slot order: the values of the slots not given per sample (the others are ignored).</param>
    /// <param name="samples">The per-sample values, row by row: sample <c>s</c>'s value of <c>SampleSlots[c]</c> at <c>s * SampleSlots.Length + c</c>.</param>
    /// <param name="count">The number of samples.</param>
    /// <param name="gradients">Receives, for each slot, the sum over the samples of d(output)/d(slot); empty for none.</param>
    /// <param name="threads">The most threads to use; 1 runs on the calling thread.</param>
    /// <param name="watched">A node of the tape whose per-sample values are wanted, or -1.</param>
    /// <param name="watchedValues">Receives them: <paramref name="count"/> elements at least (unused without a node).</param>
    member this.Run
        (
            shared: ReadOnlyMemory<float>,
            samples: ReadOnlyMemory<float>,
            count: int,
            gradients: Memory<float>,
            threads: int,
            watched: int,
            watchedValues: Memory<float>
        ) : float =
        if shared.Length <> slots then
            invalidArg (nameof shared) $"The tape has {slots} variable slots; {shared.Length} shared values were given."

        if count < 0 || samples.Length <> count * width then
            invalidArg
                (nameof samples)
                $"{count} samples of {width} values need {count * width} numbers; {samples.Length} were given."

        let withGradients = not gradients.IsEmpty

        if withGradients && gradients.Length < slots then
            invalidArg (nameof gradients) $"The gradient buffer needs {slots} elements; it has {gradients.Length}."

        if watched < -1 || watched >= tape.Length then
            invalidArg (nameof watched) $"Node {watched} is not one of the tape's {tape.Length} nodes."

        if watched >= 0 && watchedValues.Length < count then
            invalidArg
                (nameof watchedValues)
                $"The buffer for the watched node's values needs {count} elements; it has {watchedValues.Length}."

        if threads < 1 then
            invalidArg (nameof threads) "At least one thread is needed."

        let chunks = (count + chunk - 1) / chunk
        let stride = slots + 1

        if partials.Length < chunks * stride then
            partials <- Array.zeroCreate (chunks * stride)

        for worker in workers do
            worker.SharedFor <- 0

        let take () =
            match workers.TryTake() with
            | true, worker -> worker
            | _ -> BatchWorker(tape, chunk)

        if threads = 1 || chunks < 2 then
            let worker = take ()

            for index in 0 .. chunks - 1 do
                this.Sweep(index, worker, shared, samples, count, withGradients, watched, watchedValues)

            workers.Add worker
        else
            let options = ParallelOptions(MaxDegreeOfParallelism = threads)

            Parallel.For(
                0,
                chunks,
                options,
                Func<_> take,
                Func<_, _, _, _>(fun index _ worker ->
                    this.Sweep(index, worker, shared, samples, count, withGradients, watched, watchedValues)
                    worker),
                Action<_> workers.Add
            )
            |> ignore

        let gradients =
            if withGradients then
                gradients.Span.Slice(0, slots)
            else
                Span.Empty

        gradients.Clear()
        let mutable total = 0.0

        for index in 0 .. chunks - 1 do
            let from = ReadOnlySpan(partials, index * stride, stride)
            total <- total + from[0]

            for slot in 0 .. gradients.Length - 1 do
                gradients[slot] <- gradients[slot] + from[1 + slot]

        total

    /// <summary>
    /// Sums the output over <paramref name="count"/> samples and fills <paramref name="gradients"/>
    /// (one per slot, or empty for none) with the sum of the samples' gradients; returns the
    /// output's sum. See the other overload.
    /// </summary>
    member this.Run
        (
            shared: ReadOnlyMemory<float>,
            samples: ReadOnlyMemory<float>,
            count: int,
            gradients: Memory<float>,
            threads: int
        ) : float =
        this.Run(shared, samples, count, gradients, threads, -1, Memory.Empty)

    /// <summary>A sum over samples of <paramref name="tape"/>, given per sample the named variables (in that order); the rest shared.</summary>
    static member Of(tape: Tape, sampleVariables: string seq) =
        let slots =
            sampleVariables
            |> Seq.map (fun name ->
                match tape.SlotOf name with
                | -1 -> invalidArg (nameof sampleVariables) $"The tape has no variable '{name}'."
                | slot -> slot)
            |> Array.ofSeq

        BatchSum(tape, slots)
