namespace Backprop.Functional

#nowarn "9" // NativePtr in the scalar sweeps, as the table's kernels (Kernels.fs)

open System
open System.Collections.Generic
open System.Runtime.CompilerServices
open Microsoft.FSharp.NativeInterop

/// <summary>
/// The local partials of a user-defined operation on floats: its derivative expressions, each
/// compiled once to a tape over the placeholders of its operands and result, evaluated per node.
/// </summary>
[<Sealed>]
type internal Partials(name: string, partials: Expr[]) =
    static let placeholders = [| "#a"; "#b"; "#y" |]
    let tapes = partials |> Array.map Tape.compile

    do
        for tape in tapes do
            for variable in tape.Variables do
                if not (Array.contains variable placeholders) then
                    invalidArg
                        "derivative"
                        $"The derivative of '{name}' uses the variable '{variable}'; it may use only its operands and its result."

    // Where each placeholder goes in each tape's inputs (-1: the partial does not read it).
    let slots = tapes |> Array.map (fun t -> placeholders |> Array.map t.SlotOf)

    /// The expressions the derivative is written in: a, b and the result y.
    static member Placeholders = placeholders |> Array.map Expr.var

    /// The number of partials (the operation's arity).
    member _.Count = tapes.Length

    /// Scratch buffers for one sweep: inputs and values per partial.
    member _.Scratch() =
        tapes
        |> Array.map (fun t -> struct (Array.zeroCreate<float> t.Variables.Count, Array.zeroCreate<float> t.Length))

    /// Partial k at operands a, b and result y.
    member _.At(k: int, a: float, b: float, y: float, scratch: struct (float[] * float[])[]) =
        let struct (inputs, values) = scratch[k]
        let slot = slots[k]

        if slot[0] >= 0 then
            inputs[slot[0]] <- a

        if slot[1] >= 0 then
            inputs[slot[1]] <- b

        if slot[2] >= 0 then
            inputs[slot[2]] <- y

        tapes[k].Forward(ReadOnlySpan inputs, Span values)

/// <summary>
/// The sweeps of a user-defined operation: its value through the user's function, its partials
/// through <see cref="T:Backprop.Functional.Partials"/>. Slower than the table's kernels (a call per
/// node and a small tape per partial), and exactly as correct.
/// </summary>
[<Sealed>]
type internal CustomKernel(value: float -> float -> float, partials: Partials) =
    inherit Kernel()

    let binary = partials.Count = 2

    override _.OperandNodes = if binary then 2 else 1

    override _.Forward(start, stop, values, _, first, second, _) =
        for i in start..stop do
            let a = NativePtr.get values (NativePtr.get first i)

            let b =
                if binary then
                    NativePtr.get values (NativePtr.get second i)
                else
                    0.0

            NativePtr.set values i (value a b)

    override _.Backward(start, stop, values, adjoints, _, first, second, _) =
        let scratch = partials.Scratch()

        for i in stop .. -1 .. start do
            let ia = NativePtr.get first i
            let ib = if binary then NativePtr.get second i else ia
            let a = NativePtr.get values ia
            let b = if binary then NativePtr.get values ib else 0.0
            let y = NativePtr.get values i
            let g = NativePtr.get adjoints i
            NativePtr.set adjoints ia (NativePtr.get adjoints ia + g * partials.At(0, a, b, y, scratch))

            if binary then
                NativePtr.set adjoints ib (NativePtr.get adjoints ib + g * partials.At(1, a, b, y, scratch))

    override _.BatchForward(start, stop, count, code, _, values) =
        for i in start..stop do
            let a = code.First[i] * count
            let b = code.Second[i] * count

            for s in 0 .. count - 1 do
                values[i * count + s] <- value values[a + s] (if binary then values[b + s] else 0.0)

    override _.BatchBackward(start, stop, count, code, values, adjoints, _) =
        let scratch = partials.Scratch()

        for i in stop .. -1 .. start do
            let ia = code.First[i] * count
            let ib = code.Second[i] * count

            for s in 0 .. count - 1 do
                let a = values[ia + s]
                let b = if binary then values[ib + s] else 0.0
                let y = values[i * count + s]
                let g = adjoints[i * count + s]
                adjoints[ia + s] <- adjoints[ia + s] + g * partials.At(0, a, b, y, scratch)

                if binary then
                    adjoints[ib + s] <- adjoints[ib + s] + g * partials.At(1, a, b, y, scratch)

/// <summary>
/// Operations defined by a library user: a primitive given by its value on floats and its
/// partial derivatives as expressions of its operands and result, so that every sweep runs it —
/// the one-shot gradient, compiled tapes, batches — and the symbolic derivative differentiates it
/// again (Hessians, <c>derive</c>). PyTorch's <c>autograd.Function</c>, JAX's <c>custom_jvp</c>.
/// </summary>
/// <example>
/// A numerically careful softplus, <c>log(1 + e^x)</c>, whose derivative is <c>sigmoid(x)</c>:
/// <code>
/// let softplus =
///     CustomOperation.unary "softplus" (fun x -> Math.Max(x, 0.0) + Math.Log(1.0 + Math.Exp(-Math.Abs x))) (fun x _ -> sigmoid x)
/// let y = CustomOperation.apply softplus (Expr.var "x")
/// </code>
/// </example>
[<RequireQualifiedAccess>]
module CustomOperation =

    let private checkName (name: string) =
        if String.IsNullOrWhiteSpace name then
            invalidArg (nameof name) "An operation needs a name."

    let private define (name: string) (arity: int) (value: float -> float -> float) (partials: Expr[] -> Expr[]) =
        checkName name
        let placeholders = Partials.Placeholders
        let compiled = Partials(name, partials placeholders)

        let operation =
            Operation(name, Notation.Call name, name, arity, CustomKernel(value, compiled))

        operation.IsCustom <- true

        operation.Derivative <-
            { new IDerivativeRule with
                member _.Adjoints<'E>(algebra: IAlgebra<'E>, a: 'E, b: 'E, y: 'E, g: 'E) =
                    match box algebra with
                    | :? IAlgebra<Expr> ->
                        let expr (e: 'E) = unbox<Expr> (box e)

                        let operands =
                            if arity = 1 then
                                [| expr a; expr y |]
                            else
                                [| expr a; expr b; expr y |]

                        // The user's expressions of the real operands, not of the placeholders.
                        let arguments =
                            if arity = 1 then
                                [| operands[0]; Expr.constant 0.0; operands[1] |]
                            else
                                operands

                        let ps = partials arguments

                        let times (p: Expr) =
                            algebra.Apply(Operation.mul, g, unbox<'E> (box p))

                        struct (times ps[0], (if arity = 1 then b else times ps[1]))
                    | _ -> invalidOp $"The derivative of '{name}' is written in expressions."
            }

        operation

    /// <summary>
    /// A one-operand operation named <paramref name="name"/>: <paramref name="value"/> on floats,
    /// and <paramref name="derivative"/> x y, dy/dx as an expression of the operand x and the
    /// result y (use either or both; no other variable).
    /// </summary>
    [<CompiledName("Unary")>]
    let unary (name: string) (value: float -> float) (derivative: Expr -> Expr -> Expr) : Operation =
        define name 1 (fun a _ -> value a) (fun p -> [| derivative p[0] p[2] |])

    /// <summary>
    /// A two-operand operation: <paramref name="value"/> on floats, and <paramref name="derivatives"/>
    /// a b y, the partials (∂y/∂a, ∂y/∂b) as expressions of the operands and the result.
    /// </summary>
    [<CompiledName("Binary")>]
    let binary
        (name: string)
        (value: float -> float -> float)
        (derivatives: Expr -> Expr -> Expr -> Expr * Expr)
        : Operation =
        define name 2 value (fun p ->
            let da, db = derivatives p[0] p[1] p[2]
            [| da; db |])

    /// <summary>A one-operand user-defined operation applied to <paramref name="a"/>.</summary>
    [<CompiledName("Apply")>]
    let apply (operation: Operation) (a: Expr) : Expr =
        Expr.OfOperation(operation, a, Unchecked.defaultof<Expr>)

    /// <summary>A two-operand user-defined operation applied to <paramref name="a"/> and <paramref name="b"/>.</summary>
    [<CompiledName("Apply2")>]
    let apply2 (operation: Operation) (a: Expr) (b: Expr) : Expr = Expr.OfOperation(operation, a, b)
