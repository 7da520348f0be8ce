namespace Backprop.Functional

#nowarn "9" // NativePtr in the sweeps: unverifiable IL, by design (see Kernel.Forward)

open System
open System.Collections.Generic
open Microsoft.FSharp.NativeInterop

/// <summary>
/// An expression compiled once into flat arrays — up to two argument indices per distinct node,
/// in topological order, and the operation of each run of consecutive nodes — that runs forward
/// and reverse sweeps for any values of its variables with no allocation per call.
/// </summary>
/// <remarks>
/// Arguments: a constant → its index into the constants; a variable → its slot; an operand → its
/// node index; a constant parameter beyond the operation's arity (a constant exponent) → its index
/// into the constants. Each run calls its operation's kernel (see the operations table). Memory
/// per node: 8 bytes of code plus 16 bytes of values and adjoints in the caller's buffers.
/// A tape is immutable and may be used from many threads at once, each with its own buffers.
/// </remarks>
[<Sealed>]
type Tape
    internal
    (
        graph: Graph,
        index: NodeIndex,
        outputCount: int,
        first: int[],
        second: int[],
        constants: float[],
        variables: string[],
        runKernels: Kernel[],
        runEnds: int[]
    ) =

    let slots =
        let d = Dictionary<string, int>(variables.Length)

        for i in 0 .. variables.Length - 1 do
            d.Add(variables[i], i)

        d

    let length = first.Length
    // Runs break at the output (see ofGraph), so one run ends exactly there; the ends are sorted.
    let runsOfOutput = Array.BinarySearch(runEnds, outputCount)

    /// The tape's code as the batch sweeps read it.
    member internal _.Code: TapeCode = {
        First = first
        Second = second
        Constants = constants
    }

    /// The kernel of each run of one operation, in tape order.
    member internal _.RunKernels = runKernels

    /// The index of the run that ends with the output; the reverse sweep starts there.
    member internal _.RunsOfOutput = runsOfOutput

    /// The end (exclusive) of each run.
    member internal _.RunEnds = runEnds

    /// <summary>
    /// The graph the tape was compiled from; raises <c>InvalidOperationException</c> for a tape
    /// detached from it (<see cref="M:Backprop.Functional.TapeModule.Detach(Backprop.Functional.Tape)"/>).
    /// </summary>
    member _.Graph =
        if isNull (box graph) then
            invalidOp
                "This tape was detached from its graph (Tape.detach): it keeps its code and the positions of its nodes, not the expression. Keep the tape Tape.compile gave to read its graph."
        else
            graph

    /// Whether the tape still holds its graph (see <c>Tape.detach</c>).
    member _.HasGraph = not (isNull (box graph))

    /// <summary>
    /// The number of nodes of the output's graph, which come first; the output is the last of
    /// them, and the reverse sweep starts there (the nodes after it do not reach it).
    /// </summary>
    member _.OutputCount = outputCount

    /// <summary>
    /// The position of <paramref name="node"/> among the tape's nodes (the index of its value and
    /// adjoint), if it is one of them. O(1); needs no graph, so a detached tape answers too:
    /// node ids are unique, so the id alone identifies the node.
    /// </summary>
    member _.TryIndexOf(node: Expr) : int voption =
        if isNull (box node) then
            nullArg (nameof node)

        match index.Get node.Id with
        | i when i >= 0 && i < length -> ValueSome i
        | _ -> ValueNone

    /// The same code without the graph: what `Tape.detach` returns.
    member internal _.Detached() =
        Tape(Unchecked.defaultof<Graph>, index, outputCount, first, second, constants, variables, runKernels, runEnds)

    /// The number of nodes, which is the length the value and adjoint buffers need.
    member _.Length = length

    /// The distinct variable names, in slot order (the order inputs and gradients use).
    member _.Variables: IReadOnlyList<string> = variables

    /// <summary>The slot of a variable, or -1 when the expression does not use it. O(1).</summary>
    member _.SlotOf(name: string) =
        match slots.TryGetValue name with
        | true, slot -> slot
        | _ -> -1

    /// <summary>
    /// The inputs in slot order, read from <paramref name="bindings"/>; raises
    /// <see cref="T:Backprop.Functional.UnboundVariableException"/> naming the first missing variable.
    /// </summary>
    member _.Inputs(bindings: IReadOnlyDictionary<string, float>) : float[] =
        variables |> Array.map (fun name -> Bindings.find name bindings)

    /// <summary>
    /// Forward sweep: fills <paramref name="values"/> (length <see cref="P:Backprop.Functional.Tape.Length"/>)
    /// with every node's value and returns the root's. O(nodes), no allocation.
    /// </summary>
    member _.Forward(inputs: ReadOnlySpan<float>, values: Span<float>) : float =
        if inputs.Length < variables.Length then
            invalidArg (nameof inputs) $"The tape has {variables.Length} variables; {inputs.Length} inputs were given."

        if values.Length < length then
            invalidArg (nameof values) $"The value buffer needs {length} elements; it has {values.Length}."

        // Runs of one operation: the dispatch is once per run, and each kernel's loop is tight
        // over consecutive nodes. The lengths were checked above and the tape's indices are in
        // range by construction, so the kernels read through pointers, unchecked.
        use pin = fixed &inputs.GetPinnableReference()
        use pv = fixed &values.GetPinnableReference()
        use pf = fixed first
        use ps = fixed second
        use pc = fixed constants

        let mutable start = 0

        for run in 0 .. runKernels.Length - 1 do
            let stop = runEnds[run] - 1
            runKernels[run].Forward(start, stop, pv, pin, pf, ps, pc)
            start <- stop + 1

        NativePtr.get pv (outputCount - 1)

    /// <summary>
    /// Reverse sweep over values computed by <see cref="M:Backprop.Functional.Tape.Forward"/>: fills
    /// <paramref name="adjoints"/> with d(root)/d(node) for every node and <paramref name="gradients"/>
    /// with d(root)/d(variable) in slot order. O(nodes), no allocation.
    /// </summary>
    member _.Backward(values: ReadOnlySpan<float>, adjoints: Span<float>, gradients: Span<float>) : unit =
        if values.Length < length || adjoints.Length < length then
            invalidArg (nameof adjoints) $"The value and adjoint buffers need {length} elements."

        if gradients.Length < variables.Length then
            invalidArg (nameof gradients) $"The gradient buffer needs {variables.Length} elements."

        adjoints.Slice(0, length).Clear()
        gradients.Slice(0, variables.Length).Clear()
        // Unchecked reads and writes, as in the forward sweep.
        use pv = fixed &values.GetPinnableReference()
        use pa = fixed &adjoints.GetPinnableReference()
        use pg = fixed &gradients.GetPinnableReference()
        use pf = fixed first
        use ps = fixed second
        use pc = fixed constants
        NativePtr.set pa (outputCount - 1) 1.0

        let mutable stop = outputCount - 1

        for run in runsOfOutput .. -1 .. 0 do
            let start = if run = 0 then 0 else runEnds[run - 1]
            runKernels[run].Backward(start, stop, pv, pa, pg, pf, ps, pc)
            stop <- start - 1

    /// <summary>
    /// Forward then reverse sweep: returns the root's value and fills the buffers as
    /// <see cref="M:Backprop.Functional.Tape.Forward"/> and <see cref="M:Backprop.Functional.Tape.Backward"/> do.
    /// </summary>
    member this.Gradient
        (inputs: ReadOnlySpan<float>, values: Span<float>, adjoints: Span<float>, gradients: Span<float>)
        : float =
        let value = this.Forward(inputs, values)
        this.Backward(Span<float>.op_Implicit values, adjoints, gradients)
        value

/// Compiles expressions into tapes.
[<RequireQualifiedAccess>]
module Tape =

    /// <summary>
    /// Compiles a graph into flat arrays. O(nodes + edges); iterative, so any depth compiles.
    /// </summary>
    [<CompiledName("OfGraph")>]
    let ofGraph (graph: Graph) : Tape =
        let nodes = graph.NodeArray
        let n = nodes.Length
        let first = Array.zeroCreate<int> n
        let second = Array.zeroCreate<int> n
        let constants = ResizeArray<float>()
        let variables = ResizeArray<string>()
        let slots = Dictionary<string, int>()
        // Kernels of the runs found so far, on loan until their number is known.
        let kernels = Buffers.ArrayPool<Kernel>.Shared.Rent n
        let ends = Buffers.ArrayPool<int>.Shared.Rent n
        let mutable runs = 0
        let mutable previous = Unchecked.defaultof<Operation>

        let indexOf (e: Expr) =
            match graph.TryIndexOf e with
            | ValueSome i -> i
            | ValueNone -> invalidOp "An operand is missing from its graph."

        let constantIndex (value: float) =
            constants.Add value
            constants.Count - 1

        for i in 0 .. n - 1 do
            let node = nodes[i]
            let struct (operation, a, b) = node.View

            match node.Node with
            | Const value -> first[i] <- constantIndex value
            | Var name ->
                first[i] <-
                    match slots.TryGetValue name with
                    | true, slot -> slot
                    | _ ->
                        slots.Add(name, variables.Count)
                        variables.Add name
                        variables.Count - 1
            | _ ->
                // An operand within the operation's arity is a node index; a child beyond it is a
                // constant parameter (a constant exponent), stored by its index into the constants.
                first[i] <- indexOf a

                if not (isNull (box b)) then
                    second[i] <-
                        if operation.Arity > 1 then
                            indexOf b
                        else
                            match b.Node with
                            | Const c -> constantIndex c
                            | _ -> invalidOp $"The parameter of {operation} must be a constant."

            // Maximal runs of one operation, in tape order; the output ends a run, since the
            // reverse sweep stops there.
            if runs > 0 && obj.ReferenceEquals(operation, previous) && i <> graph.OutputCount then
                ends[runs - 1] <- i + 1
            else
                kernels[runs] <- operation.Kernel
                ends[runs] <- i + 1
                runs <- runs + 1
                previous <- operation

        let runKernels = Array.sub kernels 0 runs
        let runEnds = Array.sub ends 0 runs
        Buffers.ArrayPool<Kernel>.Shared.Return(kernels, true)
        Buffers.ArrayPool<int>.Shared.Return ends

        Tape(
            graph,
            graph.Index,
            graph.OutputCount,
            first,
            second,
            constants.ToArray(),
            variables.ToArray(),
            runKernels,
            runEnds
        )

    /// <summary>
    /// Compiles an expression: one traversal of its DAG, then flat arrays. O(nodes + edges);
    /// iterative, so any depth compiles.
    /// </summary>
    [<CompiledName("Compile")>]
    let compile (root: Expr) : Tape = ofGraph (Graph.ofExpr root)

    /// <summary>
    /// Compiles an output together with other expressions, in one tape: the forward sweep gives
    /// the value of every node of all of them, the reverse sweep the gradient of
    /// <paramref name="output"/> with respect to every node (0 for the nodes it does not depend
    /// on). The output's values and gradients have the same bits as with <c>compile output</c>.
    /// </summary>
    [<CompiledName("CompileRoots")>]
    let compileRoots (output: Expr) (others: Expr seq) : Tape = ofGraph (Graph.ofRoots output others)

    /// <summary>
    /// The tape without its graph, for keeping many compiled tapes: it holds its code (about 9 to
    /// 21 bytes per node) and the positions of its node ids (4 to 8), not the expression (about
    /// 70 bytes per node), which the collector may then reclaim. It sweeps, batches and answers
    /// <c>TryIndexOf</c> as the tape does; only <c>Graph</c> is gone (it raises). O(1).
    /// </summary>
    [<CompiledName("Detach")>]
    let detach (tape: Tape) : Tape = tape.Detached()
