namespace Backprop.Functional

#nowarn "9" // NativePtr in the sweeps: unverifiable IL, by design (see Tape.Forward)

open System
open System.Collections.Generic
open Microsoft.FSharp.NativeInterop

/// Opcodes of the compiled tape: one per primitive, with the constant-exponent power split out.
module internal OpCode =
    [<Literal>]
    let Const = 0uy

    [<Literal>]
    let Var = 1uy

    [<Literal>]
    let Add = 2uy

    [<Literal>]
    let Mul = 3uy

    [<Literal>]
    let PowConst = 4uy

    [<Literal>]
    let Pow = 5uy

    [<Literal>]
    let Exp = 6uy

    [<Literal>]
    let Log = 7uy

    [<Literal>]
    let Tanh = 8uy

    [<Literal>]
    let Sigmoid = 9uy

    [<Literal>]
    let Relu = 10uy

    [<Literal>]
    let Max = 11uy

    [<Literal>]
    let Min = 12uy

/// <summary>
/// An expression compiled once into flat arrays — an opcode and up to two argument indices per
/// distinct node, in topological order — that runs forward and reverse sweeps for any values of
/// its variables with no allocation per call.
/// </summary>
/// <remarks>
/// Argument meaning by opcode: <c>Const</c> → index into the constants; <c>Var</c> → the variable's
/// slot; <c>PowConst</c> → the base node and the exponent's index into the constants; every other
/// operation → node indices. Memory per node: 9 bytes of code plus 16 bytes of values and adjoints
/// in the caller's buffers.
/// A tape is immutable and may be used from many threads at once, each with its own buffers.
/// </remarks>
[<Sealed>]
type Tape
    internal
    (
        graph: Graph,
        ops: byte[],
        first: int[],
        second: int[],
        constants: float[],
        variables: string[],
        runOps: byte[],
        runEnds: int[]
    ) =

    let slots =
        let d = Dictionary<string, int>(variables.Length)

        for i in 0 .. variables.Length - 1 do
            d.Add(variables[i], i)

        d

    member internal _.Ops = ops
    member internal _.First = first
    member internal _.Second = second
    member internal _.Constants = constants
    member internal _.RunOps = runOps
    member internal _.RunEnds = runEnds

    /// The graph the tape was compiled from.
    member _.Graph = graph

    /// The number of nodes, which is the length the value and adjoint buffers need.
    member _.Length = ops.Length

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

        if values.Length < ops.Length then
            invalidArg (nameof values) $"The value buffer needs {ops.Length} elements; it has {values.Length}."

        // Runs of one operation: the dispatch is once per run, and each inner loop is a tight,
        // well-predicted loop over consecutive nodes. The lengths were checked above and the tape's
        // indices are in range by construction, so the loops read through pointers, unchecked.
        use pin = fixed &inputs.GetPinnableReference()
        use pv = fixed &values.GetPinnableReference()
        use pf = fixed first
        use ps = fixed second
        use pc = fixed constants
        let mutable start = 0

        for run in 0 .. runOps.Length - 1 do
            let stop = runEnds[run] - 1

            match runOps[run] with
            | OpCode.Const ->
                for i in start..stop do
                    NativePtr.set pv i <| (NativePtr.get pc ((NativePtr.get pf i)))
            | OpCode.Var ->
                for i in start..stop do
                    NativePtr.set pv i <| (NativePtr.get pin ((NativePtr.get pf i)))
            | OpCode.Add ->
                for i in start..stop do
                    NativePtr.set pv i
                    <| LocalDerivatives.add
                        (NativePtr.get pv ((NativePtr.get pf i)))
                        (NativePtr.get pv ((NativePtr.get ps i)))
            | OpCode.Mul ->
                for i in start..stop do
                    NativePtr.set pv i
                    <| LocalDerivatives.mul
                        (NativePtr.get pv ((NativePtr.get pf i)))
                        (NativePtr.get pv ((NativePtr.get ps i)))
            | OpCode.PowConst ->
                for i in start..stop do
                    NativePtr.set pv i
                    <| LocalDerivatives.powConst
                        (NativePtr.get pv ((NativePtr.get pf i)))
                        (NativePtr.get pc ((NativePtr.get ps i)))
            | OpCode.Pow ->
                for i in start..stop do
                    NativePtr.set pv i
                    <| LocalDerivatives.pow
                        (NativePtr.get pv ((NativePtr.get pf i)))
                        (NativePtr.get pv ((NativePtr.get ps i)))
            | OpCode.Exp ->
                for i in start..stop do
                    NativePtr.set pv i
                    <| LocalDerivatives.exp (NativePtr.get pv ((NativePtr.get pf i)))
            | OpCode.Log ->
                for i in start..stop do
                    NativePtr.set pv i
                    <| LocalDerivatives.log (NativePtr.get pv ((NativePtr.get pf i)))
            | OpCode.Tanh ->
                for i in start..stop do
                    NativePtr.set pv i
                    <| LocalDerivatives.tanh (NativePtr.get pv ((NativePtr.get pf i)))
            | OpCode.Sigmoid ->
                for i in start..stop do
                    NativePtr.set pv i
                    <| LocalDerivatives.sigmoid (NativePtr.get pv ((NativePtr.get pf i)))
            | OpCode.Relu ->
                for i in start..stop do
                    NativePtr.set pv i
                    <| LocalDerivatives.relu (NativePtr.get pv ((NativePtr.get pf i)))
            | OpCode.Max ->
                for i in start..stop do
                    NativePtr.set pv i
                    <| LocalDerivatives.max
                        (NativePtr.get pv ((NativePtr.get pf i)))
                        (NativePtr.get pv ((NativePtr.get ps i)))
            | _ ->
                for i in start..stop do
                    NativePtr.set pv i
                    <| LocalDerivatives.min
                        (NativePtr.get pv ((NativePtr.get pf i)))
                        (NativePtr.get pv ((NativePtr.get ps i)))

            start <- stop + 1

        (NativePtr.get pv (ops.Length - 1))

    /// <summary>
    /// Reverse sweep over values computed by <see cref="M:Backprop.Functional.Tape.Forward"/>: fills
    /// <paramref name="adjoints"/> with d(root)/d(node) for every node and <paramref name="gradients"/>
    /// with d(root)/d(variable) in slot order. O(nodes), no allocation.
    /// </summary>
    member _.Backward(values: ReadOnlySpan<float>, adjoints: Span<float>, gradients: Span<float>) : unit =
        if values.Length < ops.Length || adjoints.Length < ops.Length then
            invalidArg (nameof adjoints) $"The value and adjoint buffers need {ops.Length} elements."

        if gradients.Length < variables.Length then
            invalidArg (nameof gradients) $"The gradient buffer needs {variables.Length} elements."

        adjoints.Slice(0, ops.Length).Clear()
        gradients.Slice(0, variables.Length).Clear()
        // Unchecked reads and writes, as in the forward sweep.
        use pv = fixed &values.GetPinnableReference()
        use pa = fixed &adjoints.GetPinnableReference()
        use pg = fixed &gradients.GetPinnableReference()
        use pf = fixed first
        use ps = fixed second
        use pc = fixed constants
        NativePtr.set pa (ops.Length - 1) 1.0

        let mutable stop = ops.Length - 1

        for run in runOps.Length - 1 .. -1 .. 0 do
            let start = if run = 0 then 0 else runEnds[run - 1]

            match runOps[run] with
            | OpCode.Const -> ()
            | OpCode.Var ->
                for i in stop .. -1 .. start do
                    let slot = (NativePtr.get pf i)
                    NativePtr.set pg slot <| (NativePtr.get pg slot) + (NativePtr.get pa i)
            | OpCode.Add ->
                for i in stop .. -1 .. start do
                    let g = (NativePtr.get pa i)
                    let a = (NativePtr.get pf i)
                    let b = (NativePtr.get ps i)
                    NativePtr.set pa a <| (NativePtr.get pa a) + g
                    NativePtr.set pa b <| (NativePtr.get pa b) + g
            | OpCode.Mul ->
                for i in stop .. -1 .. start do
                    let g = (NativePtr.get pa i)
                    let a = (NativePtr.get pf i)
                    let b = (NativePtr.get ps i)
                    NativePtr.set pa a <| (NativePtr.get pa a) + g * (NativePtr.get pv b)
                    NativePtr.set pa b <| (NativePtr.get pa b) + g * (NativePtr.get pv a)
            | OpCode.PowConst ->
                for i in stop .. -1 .. start do
                    let a = (NativePtr.get pf i)

                    NativePtr.set pa a
                    <| (NativePtr.get pa a)
                       + (NativePtr.get pa i)
                         * LocalDerivatives.powConstDa (NativePtr.get pv a) (NativePtr.get pc ((NativePtr.get ps i)))
            | OpCode.Pow ->
                for i in stop .. -1 .. start do
                    let g = (NativePtr.get pa i)
                    let a = (NativePtr.get pf i)
                    let b = (NativePtr.get ps i)

                    NativePtr.set pa a
                    <| (NativePtr.get pa a)
                       + g * LocalDerivatives.powDa (NativePtr.get pv a) (NativePtr.get pv b)

                    NativePtr.set pa b
                    <| (NativePtr.get pa b)
                       + g * LocalDerivatives.powDb (NativePtr.get pv i) (NativePtr.get pv a)
            | OpCode.Exp ->
                for i in stop .. -1 .. start do
                    let a = (NativePtr.get pf i)

                    NativePtr.set pa a
                    <| (NativePtr.get pa a)
                       + (NativePtr.get pa i) * LocalDerivatives.expDa (NativePtr.get pv i)
            | OpCode.Log ->
                for i in stop .. -1 .. start do
                    let a = (NativePtr.get pf i)

                    NativePtr.set pa a
                    <| (NativePtr.get pa a)
                       + (NativePtr.get pa i) * LocalDerivatives.logDa (NativePtr.get pv a)
            | OpCode.Tanh ->
                for i in stop .. -1 .. start do
                    let a = (NativePtr.get pf i)

                    NativePtr.set pa a
                    <| (NativePtr.get pa a)
                       + (NativePtr.get pa i) * LocalDerivatives.tanhDa (NativePtr.get pv i)
            | OpCode.Sigmoid ->
                for i in stop .. -1 .. start do
                    let a = (NativePtr.get pf i)

                    NativePtr.set pa a
                    <| (NativePtr.get pa a)
                       + (NativePtr.get pa i) * LocalDerivatives.sigmoidDa (NativePtr.get pv i)
            | OpCode.Relu ->
                for i in stop .. -1 .. start do
                    let a = (NativePtr.get pf i)

                    NativePtr.set pa a
                    <| (NativePtr.get pa a)
                       + (NativePtr.get pa i) * LocalDerivatives.reluDa (NativePtr.get pv a)
            | OpCode.Max ->
                for i in stop .. -1 .. start do
                    let a = (NativePtr.get pf i)
                    let b = (NativePtr.get ps i)

                    let target =
                        if LocalDerivatives.maxPicksFirst (NativePtr.get pv a) (NativePtr.get pv b) then
                            a
                        else
                            b

                    NativePtr.set pa target <| (NativePtr.get pa target) + (NativePtr.get pa i)
            | _ ->
                for i in stop .. -1 .. start do
                    let a = (NativePtr.get pf i)
                    let b = (NativePtr.get ps i)

                    let target =
                        if LocalDerivatives.minPicksFirst (NativePtr.get pv a) (NativePtr.get pv b) then
                            a
                        else
                            b

                    NativePtr.set pa target <| (NativePtr.get pa target) + (NativePtr.get pa i)

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
    /// Compiles an expression: one traversal of its DAG, then flat arrays. O(nodes + edges);
    /// iterative, so any depth compiles.
    /// </summary>
    [<CompiledName("Compile")>]
    let compile (root: Expr) : Tape =
        let graph = Graph.ofExpr root
        let nodes = graph.NodeArray
        let n = nodes.Length
        let ops = Array.zeroCreate<byte> n
        let first = Array.zeroCreate<int> n
        let second = Array.zeroCreate<int> n
        let constants = ResizeArray<float>()
        let variables = ResizeArray<string>()
        let slots = Dictionary<string, int>()

        let indexOf (e: Expr) =
            match graph.TryIndexOf e with
            | ValueSome i -> i
            | ValueNone -> invalidOp "An operand is missing from its graph."

        let constantIndex (value: float) =
            constants.Add value
            constants.Count - 1

        let emit i (op: byte) a b =
            ops[i] <- op
            first[i] <- a
            second[i] <- b

        for i in 0 .. n - 1 do
            match nodes[i].Node with
            | Const value -> emit i OpCode.Const (constantIndex value) 0
            | Var name ->
                let slot =
                    match slots.TryGetValue name with
                    | true, slot -> slot
                    | _ ->
                        slots.Add(name, variables.Count)
                        variables.Add name
                        variables.Count - 1

                emit i OpCode.Var slot 0
            | Add(a, b) -> emit i OpCode.Add (indexOf a) (indexOf b)
            | Mul(a, b) -> emit i OpCode.Mul (indexOf a) (indexOf b)
            | Pow(a, b) ->
                match b.Node with
                | Const c -> emit i OpCode.PowConst (indexOf a) (constantIndex c)
                | _ -> emit i OpCode.Pow (indexOf a) (indexOf b)
            | Exp x -> emit i OpCode.Exp (indexOf x) 0
            | Log x -> emit i OpCode.Log (indexOf x) 0
            | Tanh x -> emit i OpCode.Tanh (indexOf x) 0
            | Sigmoid x -> emit i OpCode.Sigmoid (indexOf x) 0
            | Relu x -> emit i OpCode.Relu (indexOf x) 0
            | Max(a, b) -> emit i OpCode.Max (indexOf a) (indexOf b)
            | Min(a, b) -> emit i OpCode.Min (indexOf a) (indexOf b)

        // Maximal runs of one opcode, in tape order.
        let runOps = ResizeArray<byte>()
        let runEnds = ResizeArray<int>()

        for i in 0 .. n - 1 do
            if runOps.Count = 0 || runOps[runOps.Count - 1] <> ops[i] then
                runOps.Add ops[i]
                runEnds.Add(i + 1)
            else
                runEnds[runEnds.Count - 1] <- i + 1

        Tape(graph, ops, first, second, constants.ToArray(), variables.ToArray(), runOps.ToArray(), runEnds.ToArray())
