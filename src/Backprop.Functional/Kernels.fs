namespace Backprop.Functional

#nowarn "9" // NativePtr in the scalar sweeps: unverifiable IL, by design (see Kernel)
#nowarn "3535" // interfaces with static abstract members: the rules of the operations table

open System
open System.Numerics.Tensors
open System.Runtime.CompilerServices
open Microsoft.FSharp.NativeInterop

/// <summary>
/// The calculus of a one-operand primitive on floats: its value and its local partial derivative.
/// An operation states these once, in the operations table; every sweep is generic in the rule.
/// </summary>
/// <remarks>
/// Rules are structs, so the runtime compiles each generic sweep separately for each rule and
/// inlines the rule into it: no call per node.
/// </remarks>
type internal IUnaryRule =
    /// The value at x.
    static abstract Value: x: float -> float

    /// dy/dx at x, given the value y there (cheaper and stabler for tanh, sigmoid, exp).
    static abstract Partial: x: float * y: float -> float

    /// <summary>
    /// Whether <c>Partial</c> reads x (else it is given 0). Reading an operand is a random access
    /// into the values, which the runtime cannot drop even when the rule ignores it, so the
    /// reverse sweep reads only what the rule says it needs; the answer is a constant the
    /// compiled sweep folds away.
    /// </summary>
    static abstract ReadsOperand: bool

    /// Whether <c>Partial</c> reads y (else it is given 0).
    static abstract ReadsResult: bool

    /// <summary>
    /// The value of every sample, <c>y[s] = Value(x[s])</c>: bit for bit where the rule is exact
    /// arithmetic or runs <c>Value</c> sample by sample; within a bound the rule states where a
    /// vectorised form is much faster (tanh). The spans are distinct nodes: they never overlap.
    /// </summary>
    static abstract Values: x: ReadOnlySpan<float> * y: Span<float> -> unit

/// <summary>A one-operand primitive with a constant parameter (a power by a constant exponent).</summary>
type internal IParameterisedRule =
    /// The value at x for the parameter c.
    static abstract Value: x: float * c: float -> float

    /// dy/dx at x for the parameter c, given the value y there.
    static abstract Partial: x: float * c: float * y: float -> float

/// <summary>
/// The calculus of a two-operand primitive: its value, how the result's adjoint reaches its
/// operands, and both over a whole span of samples (vectorised where that is exact).
/// </summary>
type internal IBinaryRule =
    /// The value at (a, b).
    static abstract Value: a: float * b: float -> float

    /// <summary>
    /// What the result's adjoint <c>g</c> adds to the adjoints of a and of b, given the value y.
    /// Usually <c>g·∂y/∂a</c> and <c>g·∂y/∂b</c>; an operation that routes the whole adjoint to one
    /// operand (max, min) gives the other <c>+0.0</c>, which leaves any adjoint's bits unchanged:
    /// adjoints start at +0.0 and sums never make -0.0 from it.
    /// </summary>
    static abstract Adjoints: a: float * b: float * y: float * g: float -> struct (float * float)

    /// Whether <c>Adjoints</c> reads a and b (else they are given 0); see <c>IUnaryRule.ReadsOperand</c>.
    static abstract ReadsOperands: bool

    /// Whether <c>Adjoints</c> reads y (else it is given 0).
    static abstract ReadsResult: bool

    /// The value of every sample: <c>y[s] = Value(a[s], b[s])</c>.
    static abstract Values: a: ReadOnlySpan<float> * b: ReadOnlySpan<float> * y: Span<float> -> unit

    /// <summary>
    /// <c>Adjoints</c> for every sample, added into <c>adjA</c> and <c>adjB</c> (which are the same
    /// span when both operands are one node), sample by sample, a's share first.
    /// </summary>
    static abstract AddAdjoints:
        g: ReadOnlySpan<float> *
        a: ReadOnlySpan<float> *
        b: ReadOnlySpan<float> *
        y: ReadOnlySpan<float> *
        adjA: Span<float> *
        adjB: Span<float> ->
            unit

/// Sample-by-sample loops for the rules whose batch form is not vectorised.
module internal Elementwise =

    /// <c>y[s] = Value(x[s])</c>, one sample at a time.
    let unaryValues<'Rule when 'Rule :> IUnaryRule> (x: ReadOnlySpan<float>, y: Span<float>) =
        for s in 0 .. y.Length - 1 do
            y[s] <- 'Rule.Value x[s]

    /// <c>y[s] = Value(a[s], b[s])</c>, one sample at a time.
    let values<'Rule when 'Rule :> IBinaryRule> (a: ReadOnlySpan<float>, b: ReadOnlySpan<float>, y: Span<float>) =
        for s in 0 .. y.Length - 1 do
            y[s] <- 'Rule.Value(a[s], b[s])

    /// The rule's adjoints added in, one sample at a time.
    let addAdjoints<'Rule when 'Rule :> IBinaryRule>
        (
            g: ReadOnlySpan<float>,
            a: ReadOnlySpan<float>,
            b: ReadOnlySpan<float>,
            y: ReadOnlySpan<float>,
            adjA: Span<float>,
            adjB: Span<float>
        ) =
        for s in 0 .. g.Length - 1 do
            let struct (toA, toB) = 'Rule.Adjoints(a[s], b[s], y[s], g[s])
            adjA[s] <- adjA[s] + toA
            adjB[s] <- adjB[s] + toB

/// <summary>
/// A commutative two-operand rule's batch forms where one operand is the same number in every
/// sample (see <c>Kernel.BatchBackwardShared</c>): fewer spans read and written than its span
/// forms; the same values, the number's adjoint summed in another order.
/// </summary>
type internal ISharedOperandRule =
    /// <c>y[s] = Value(x[s], c)</c>, which is <c>Value(c, x[s])</c>.
    static abstract ValuesWithNumber: x: ReadOnlySpan<float> * c: float * y: Span<float> -> unit

    /// <summary>
    /// Adds to <c>into</c> the spread operand's share of the result's adjoints <c>g</c> (given its
    /// values <c>x</c> and the number <c>c</c>), sample by sample; returns the number's share,
    /// summed over the samples in the fixed order of <c>VectorMath.sum</c>.
    /// </summary>
    static abstract AddAdjointsWithNumber:
        g: ReadOnlySpan<float> * x: ReadOnlySpan<float> * c: float * into: Span<float> -> float

/// <summary>
/// The code of a tape as a batch sweep reads it: per node its first and second argument (node
/// indices, or a constant's or a variable's slot), and the constants.
/// </summary>
[<Struct; NoEquality; NoComparison>]
type internal TapeCode = {
    First: int[]
    Second: int[]
    Constants: float[]
}

/// <summary>
/// How one operation runs on a tape: the forward and the reverse sweep over a run of consecutive
/// nodes of that operation, for one sample (through pinned pointers) or for a batch of samples
/// (node <c>i</c> of sample <c>s</c> at <c>i * count + s</c>). A sweep calls its kernel once per
/// run, so the dispatch costs one virtual call per run and the loops inside are tight.
/// </summary>
/// <remarks>
/// Every kernel is compiled fully optimised at once (<c>AggressiveOptimization</c>): the rules
/// are inlined only by the optimising compiler, and a tool run that sweeps a tape a few times
/// never waits for tiered compilation to get there.
/// </remarks>
[<AbstractClass>]
type internal Kernel() =
    /// <summary>
    /// Values of nodes start..stop, through the pinned memory of a scalar sweep: node values,
    /// inputs, and the tape's code. The sweep checks every length once before pinning and a
    /// tape's indices are in range by construction, so kernels read and write unchecked. The
    /// pointers come as arguments, not in a struct, so that the loops keep them in registers.
    /// </summary>
    abstract Forward:
        start: int *
        stop: int *
        values: nativeptr<float> *
        inputs: nativeptr<float> *
        first: nativeptr<int> *
        second: nativeptr<int> *
        constants: nativeptr<float> ->
            unit

    /// Adjoints of the operands of nodes stop..start, in that order, and variables' gradients.
    abstract Backward:
        start: int *
        stop: int *
        values: nativeptr<float> *
        adjoints: nativeptr<float> *
        gradients: nativeptr<float> *
        first: nativeptr<int> *
        second: nativeptr<int> *
        constants: nativeptr<float> ->
            unit

    /// Values of nodes start..stop for every sample.
    abstract BatchForward:
        start: int * stop: int * count: int * code: TapeCode * inputs: ReadOnlySpan<float> * values: Span<float> -> unit

    /// <summary>
    /// Adjoints of the operands of nodes stop..start for every sample, and variables' per-sample
    /// gradients — unless <c>gradients</c> is empty: then a variable's adjoints are left for the
    /// caller to sum (see <c>BatchSum</c>).
    /// </summary>
    abstract BatchBackward:
        start: int *
        stop: int *
        count: int *
        code: TapeCode *
        values: ReadOnlySpan<float> *
        adjoints: Span<float> *
        gradients: Span<float> ->
            unit

    /// <summary>
    /// <c>BatchForward</c> (variables excepted: their values are written by the caller) where
    /// <c>shared[node]</c> marks the nodes whose value is the same in every sample (constants,
    /// and the parameters of a <c>BatchSum</c>): a kernel may read such an operand once, as a
    /// number, instead of as a span. The same bits either way.
    /// </summary>
    abstract BatchForwardShared:
        start: int * stop: int * count: int * code: TapeCode * shared: bool[] * values: Span<float> -> unit

    default this.BatchForwardShared(start, stop, count, code, _, values) =
        this.BatchForward(start, stop, count, code, ReadOnlySpan.Empty, values)

    /// <summary>
    /// <c>BatchBackward</c>, variables' adjoints left in place, where a kernel may add to a shared
    /// operand's adjoint its contribution summed over the samples, at the first sample, instead
    /// of sample by sample: a shared node's adjoints are only ever summed over the samples (a
    /// parameter's, by <c>BatchSum</c>) or ignored (a constant's), so only the order of the sum
    /// changes. A product with a parameter then passes on a dot product, not a span to sum later.
    /// </summary>
    abstract BatchBackwardShared:
        start: int *
        stop: int *
        count: int *
        code: TapeCode *
        shared: bool[] *
        values: ReadOnlySpan<float> *
        adjoints: Span<float> ->
            unit

    default this.BatchBackwardShared(start, stop, count, code, _, values, adjoints) =
        this.BatchBackward(start, stop, count, code, values, adjoints, Span.Empty)

    /// How many of a node's arguments, the first then the second, are node indices (the others,
    /// if any, index the constants or the variable slots).
    abstract OperandNodes: int

    /// <summary>
    /// Whether <c>BatchBackwardShared</c> gives a shared operand only a sum at its first sample
    /// when the other operand is not shared (else it may write every sample's adjoint).
    /// </summary>
    abstract SumsSharedOperand: bool
    default _.SumsSharedOperand = false

/// A constant: its value is read from the tape's constants; it has no operands to pass adjoints to.
[<Sealed>]
type internal ConstantKernel() =
    inherit Kernel()

    override _.OperandNodes = 0

    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    override _.Forward(start, stop, values, _, first, _, constants) =
        for i in start..stop do
            NativePtr.set values i (NativePtr.get constants (NativePtr.get first i))

    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    override _.Backward(_, _, _, _, _, _, _, _) = ()

    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    override _.BatchForward(start, stop, count, code, _, values) =
        for i in start..stop do
            values.Slice(i * count, count).Fill code.Constants[code.First[i]]

    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    override _.BatchBackward(_, _, _, _, _, _, _) = ()

/// A variable: its value is read from the inputs; its adjoint is added into its slot's gradient.
[<Sealed>]
type internal VariableKernel() =
    inherit Kernel()

    override _.OperandNodes = 0

    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    override _.Forward(start, stop, values, inputs, first, _, _) =
        for i in start..stop do
            NativePtr.set values i (NativePtr.get inputs (NativePtr.get first i))

    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    override _.Backward(start, stop, _, adjoints, gradients, first, _, _) =
        for i in stop .. -1 .. start do
            let slot = NativePtr.get first i
            NativePtr.set gradients slot (NativePtr.get gradients slot + NativePtr.get adjoints i)

    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    override _.BatchForward(start, stop, count, code, inputs, values) =
        for i in start..stop do
            inputs.Slice(code.First[i] * count, count).CopyTo(values.Slice(i * count, count))

    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    override _.BatchBackward(start, stop, count, code, _, adjoints, gradients) =
        if not gradients.IsEmpty then
            for i in stop .. -1 .. start do
                let target = gradients.Slice(code.First[i] * count, count)
                TensorPrimitives.Add(Span.op_Implicit target, Span.op_Implicit (adjoints.Slice(i * count, count)), target)

/// The sweeps of any one-operand rule.
[<Sealed>]
type internal UnaryKernel<'Rule when 'Rule :> IUnaryRule and 'Rule: struct>() =
    inherit Kernel()

    override _.OperandNodes = 1

    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    override _.Forward(start, stop, values, _, first, _, _) =
        for i in start..stop do
            NativePtr.set values i ('Rule.Value(NativePtr.get values (NativePtr.get first i)))

    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    override _.Backward(start, stop, values, adjoints, _, first, _, _) =
        for i in stop .. -1 .. start do
            let a = NativePtr.get first i
            let x = if 'Rule.ReadsOperand then NativePtr.get values a else 0.0
            let y = if 'Rule.ReadsResult then NativePtr.get values i else 0.0
            let partial = 'Rule.Partial(x, y)
            NativePtr.set adjoints a (NativePtr.get adjoints a + NativePtr.get adjoints i * partial)

    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    override _.BatchForward(start, stop, count, code, _, values) =
        for i in start..stop do
            'Rule.Values(Span.op_Implicit (values.Slice(code.First[i] * count, count)), values.Slice(i * count, count))

    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    override _.BatchBackward(start, stop, count, code, values, adjoints, _) =
        for i in stop .. -1 .. start do
            let a = code.First[i] * count
            let x = values.Slice(a, count)
            let y = values.Slice(i * count, count)
            let g = adjoints.Slice(i * count, count)
            let toX = adjoints.Slice(a, count)

            for s in 0 .. toX.Length - 1 do
                let xs = if 'Rule.ReadsOperand then x[s] else 0.0
                let ys = if 'Rule.ReadsResult then y[s] else 0.0
                toX[s] <- toX[s] + g[s] * 'Rule.Partial(xs, ys)

/// The sweeps of a one-operand rule with a constant parameter: the second argument is the
/// constant's index.
[<Sealed>]
type internal ParameterisedKernel<'Rule when 'Rule :> IParameterisedRule and 'Rule: struct>() =
    inherit Kernel()

    override _.OperandNodes = 1

    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    override _.Forward(start, stop, values, _, first, second, constants) =
        for i in start..stop do
            let a = NativePtr.get values (NativePtr.get first i)
            let c = NativePtr.get constants (NativePtr.get second i)
            NativePtr.set values i ('Rule.Value(a, c))

    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    override _.Backward(start, stop, values, adjoints, _, first, second, constants) =
        for i in stop .. -1 .. start do
            let a = NativePtr.get first i
            let c = NativePtr.get constants (NativePtr.get second i)
            let partial = 'Rule.Partial(NativePtr.get values a, c, NativePtr.get values i)
            NativePtr.set adjoints a (NativePtr.get adjoints a + NativePtr.get adjoints i * partial)

    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    override _.BatchForward(start, stop, count, code, _, values) =
        for i in start..stop do
            let a = code.First[i] * count
            let y = i * count
            let c = code.Constants[code.Second[i]]

            for s in 0 .. count - 1 do
                values[y + s] <- 'Rule.Value(values[a + s], c)

    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    override _.BatchBackward(start, stop, count, code, values, adjoints, _) =
        for i in stop .. -1 .. start do
            let a = code.First[i] * count
            let y = i * count
            let c = code.Constants[code.Second[i]]

            for s in 0 .. count - 1 do
                let partial = 'Rule.Partial(values[a + s], c, values[y + s])
                adjoints[a + s] <- adjoints[a + s] + adjoints[y + s] * partial

/// The sweeps of any two-operand rule (extended where an operand shared by every sample pays: sums
/// and products, in the operations table).
type internal BinaryKernel<'Rule when 'Rule :> IBinaryRule and 'Rule: struct>() =
    inherit Kernel()

    override _.OperandNodes = 2

    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    override _.Forward(start, stop, values, _, first, second, _) =
        for i in start..stop do
            let a = NativePtr.get values (NativePtr.get first i)
            let b = NativePtr.get values (NativePtr.get second i)
            NativePtr.set values i ('Rule.Value(a, b))

    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    override _.Backward(start, stop, values, adjoints, _, first, second, _) =
        for i in stop .. -1 .. start do
            let a = NativePtr.get first i
            let b = NativePtr.get second i
            let g = NativePtr.get adjoints i
            let va = if 'Rule.ReadsOperands then NativePtr.get values a else 0.0
            let vb = if 'Rule.ReadsOperands then NativePtr.get values b else 0.0
            let y = if 'Rule.ReadsResult then NativePtr.get values i else 0.0
            let struct (toA, toB) = 'Rule.Adjoints(va, vb, y, g)
            NativePtr.set adjoints a (NativePtr.get adjoints a + toA)
            NativePtr.set adjoints b (NativePtr.get adjoints b + toB)

    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    override _.BatchForward(start, stop, count, code, _, values) =
        for i in start..stop do
            let a = Span.op_Implicit (values.Slice(code.First[i] * count, count))
            let b = Span.op_Implicit (values.Slice(code.Second[i] * count, count))
            'Rule.Values(a, b, values.Slice(i * count, count))

    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    override _.BatchBackward(start, stop, count, code, values, adjoints, _) =
        for i in stop .. -1 .. start do
            let a = code.First[i] * count
            let b = code.Second[i] * count

            let g = Span.op_Implicit (adjoints.Slice(i * count, count))
            let va = values.Slice(a, count)
            let vb = values.Slice(b, count)
            let y = values.Slice(i * count, count)
            'Rule.AddAdjoints(g, va, vb, y, adjoints.Slice(a, count), adjoints.Slice(b, count))

/// <summary>
/// The sweeps of a commutative two-operand rule that has number forms (sums, products): where
/// exactly one operand is shared by every sample (a weight, a bias), that one is read as a number
/// and its adjoint receives its share summed over the samples, at its first sample. Otherwise,
/// and outside <c>BatchSum</c>, the rule's span forms.
/// </summary>
[<Sealed>]
type internal SharedOperandKernel<'Rule
    when 'Rule :> IBinaryRule and 'Rule :> ISharedOperandRule and 'Rule: struct>() =
    inherit BinaryKernel<'Rule>()

    override _.SumsSharedOperand = true

    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    override this.BatchForwardShared(start, stop, count, code, shared, values) =
        for i in start..stop do
            let a, b = code.First[i], code.Second[i]

            if shared[a] = shared[b] then
                this.BatchForward(i, i, count, code, ReadOnlySpan.Empty, values)
            else
                let struct (spread, number) = if shared[b] then struct (a, b) else struct (b, a)
                let x = Span.op_Implicit (values.Slice(spread * count, count))
                'Rule.ValuesWithNumber(x, values[number * count], values.Slice(i * count, count))

    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    override this.BatchBackwardShared(start, stop, count, code, shared, values, adjoints) =
        for i in stop .. -1 .. start do
            let a, b = code.First[i], code.Second[i]

            if shared[a] = shared[b] then
                this.BatchBackward(i, i, count, code, values, adjoints, Span.Empty)
            else
                let struct (spread, number) = if shared[b] then struct (a, b) else struct (b, a)
                let g = Span.op_Implicit (adjoints.Slice(i * count, count))

                let share =
                    'Rule.AddAdjointsWithNumber(
                        g,
                        values.Slice(spread * count, count),
                        values[number * count],
                        adjoints.Slice(spread * count, count)
                    )

                adjoints[number * count] <- adjoints[number * count] + share
