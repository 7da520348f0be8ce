namespace Backprop.Functional

open System
open System.Collections.Generic

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
type Tape internal (graph: Graph, ops: byte[], first: int[], second: int[], constants: float[], variables: string[]) =

    let slots =
        let d = Dictionary<string, int>(variables.Length)

        for i in 0 .. variables.Length - 1 do
            d.Add(variables[i], i)

        d

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

        for i in 0 .. ops.Length - 1 do
            let a = first[i]

            values[i] <-
                match ops[i] with
                | OpCode.Const -> constants[a]
                | OpCode.Var -> inputs[a]
                | OpCode.Add -> LocalDerivatives.add values[a] values[second[i]]
                | OpCode.Mul -> LocalDerivatives.mul values[a] values[second[i]]
                | OpCode.PowConst -> LocalDerivatives.powConst values[a] constants[second[i]]
                | OpCode.Pow -> LocalDerivatives.pow values[a] values[second[i]]
                | OpCode.Exp -> LocalDerivatives.exp values[a]
                | OpCode.Log -> LocalDerivatives.log values[a]
                | OpCode.Tanh -> LocalDerivatives.tanh values[a]
                | OpCode.Sigmoid -> LocalDerivatives.sigmoid values[a]
                | OpCode.Relu -> LocalDerivatives.relu values[a]
                | OpCode.Max -> LocalDerivatives.max values[a] values[second[i]]
                | _ -> LocalDerivatives.min values[a] values[second[i]]

        values[ops.Length - 1]

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
        adjoints[ops.Length - 1] <- 1.0

        for i in ops.Length - 1 .. -1 .. 0 do
            let g = adjoints[i]
            let a = first[i]

            match ops[i] with
            | OpCode.Const -> ()
            | OpCode.Var -> gradients[a] <- gradients[a] + g
            | OpCode.Add ->
                let b = second[i]
                adjoints[a] <- adjoints[a] + g
                adjoints[b] <- adjoints[b] + g
            | OpCode.Mul ->
                let b = second[i]
                adjoints[a] <- adjoints[a] + g * values[b]
                adjoints[b] <- adjoints[b] + g * values[a]
            | OpCode.PowConst ->
                adjoints[a] <- adjoints[a] + g * LocalDerivatives.powConstDa values[a] constants[second[i]]
            | OpCode.Pow ->
                let b = second[i]
                adjoints[a] <- adjoints[a] + g * LocalDerivatives.powDa values[a] values[b]
                adjoints[b] <- adjoints[b] + g * LocalDerivatives.powDb values[i] values[a]
            | OpCode.Exp -> adjoints[a] <- adjoints[a] + g * LocalDerivatives.expDa values[i]
            | OpCode.Log -> adjoints[a] <- adjoints[a] + g * LocalDerivatives.logDa values[a]
            | OpCode.Tanh -> adjoints[a] <- adjoints[a] + g * LocalDerivatives.tanhDa values[i]
            | OpCode.Sigmoid -> adjoints[a] <- adjoints[a] + g * LocalDerivatives.sigmoidDa values[i]
            | OpCode.Relu -> adjoints[a] <- adjoints[a] + g * LocalDerivatives.reluDa values[a]
            | OpCode.Max ->
                let b = second[i]

                let target =
                    if LocalDerivatives.maxPicksFirst values[a] values[b] then
                        a
                    else
                        b

                adjoints[target] <- adjoints[target] + g
            | _ ->
                let b = second[i]

                let target =
                    if LocalDerivatives.minPicksFirst values[a] values[b] then
                        a
                    else
                        b

                adjoints[target] <- adjoints[target] + g

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

        Tape(graph, ops, first, second, constants.ToArray(), variables.ToArray())
