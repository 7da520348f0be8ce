namespace Backprop.Functional

#nowarn "3535" // the rules implement interfaces with static abstract members (see Kernels.fs)

open System
open System.Numerics.Tensors
open System.Runtime.CompilerServices

/// How an operation is written in text.
[<RequireQualifiedAccess>]
type Notation =
    /// A constant or a variable: written as its number or name.
    | Leaf
    /// <c>(a SYMBOL b)</c>.
    | Infix of symbol: string
    /// <c>(SYMBOL a)</c>: negation.
    | Prefix of symbol: string
    /// <c>NAME(a)</c>, <c>NAME(a, b)</c>.
    | Call of name: string

/// <summary>
/// A primitive operation: one entry of the operations table. It says how the operation is
/// named, written and drawn and how many operands it differentiates, and (internally) holds its
/// kernel: its value and local partials on floats and how its adjoint reaches its operands, in
/// every sweep. The table is the module <c>Operation</c>; a node's operation comes from its
/// <see cref="T:Backprop.Functional.Node"/> case (<see cref="P:Backprop.Functional.Expr.Operation"/>).
/// </summary>
/// <remarks>
/// Identity is reference identity: each operation is one object. Sweeps call its kernel once per
/// run of nodes of that operation, so there is no switch over operations that could miss one.
/// </remarks>
[<Sealed>]
type Operation internal (name: string, notation: Notation, symbol: string, arity: int, kernel: Kernel) =
    static let mutable created = 0
    let ordinal = Threading.Interlocked.Increment(&created) - 1

    /// The number of operations made so far; every ordinal is below it.
    static member internal Count = Threading.Volatile.Read(&created)

    /// The operation's name (<c>add</c>, <c>tanh</c>, <c>pow</c>).
    member _.Name = name

    /// A small number unique to the operation, in the order the table lists them; sweeps group a
    /// level's nodes by it, so that they meet long runs of one operation.
    member _.Ordinal = ordinal

    /// How the operation is written in text (<c>ToString</c>, printed expressions).
    member _.Notation = notation

    /// <summary>
    /// The label of the operation in a drawn graph (<c>+</c>, <c>tanh</c>); empty for leaves. A
    /// power by a constant writes its exponent after it (<c>**2</c>) rather than drawing it.
    /// </summary>
    member _.Symbol = symbol

    /// <summary>
    /// The number of operands the operation differentiates and a graph draws. A node may have
    /// more children than that: a constant exponent is a child that is neither.
    /// </summary>
    member _.Arity = arity

    member internal _.Kernel = kernel

    /// <summary>
    /// The operation's derivative as expressions: what the result's adjoint adds to each
    /// operand's adjoint, written in any <see cref="T:Backprop.Functional.IAlgebra`1"/>. Set once,
    /// by the table, right after the entries (a rule may use entries defined after its own).
    /// </summary>
    member val internal Derivative: IDerivativeRule = Unchecked.defaultof<IDerivativeRule> with get, set

    // Whether a library user defined the operation (CustomOperation): its nodes are Node.Custom.
    member val internal IsCustom = false with get, set

    override _.ToString() = name

/// <summary>
/// The expressions a derivative rule builds its result in: constants, and any operation applied
/// to one or two operands. The symbolic reverse sweep gives one over <c>Expr</c> that simplifies
/// as it builds (<c>x·1 = x</c>, <c>x + 0 = x</c>, constants folded).
/// </summary>
and IAlgebra<'E> =
    /// A constant.
    abstract Constant: value: float -> 'E

    /// The constant a term stands for, if it is one.
    abstract TryConstant: term: 'E -> float voption

    /// An operation applied to its operands (the second is the default value for one operand).
    abstract Apply: operation: Operation * first: 'E * second: 'E -> 'E

/// <summary>
/// An operation's local derivative as expressions: given its operands a and b (b the default
/// value when it has one), its result y and the result's adjoint g, what g adds to the adjoints
/// of a and of b (the second is ignored beyond the operation's arity).
/// </summary>
and IDerivativeRule =
    /// The contributions to the adjoints of a and b.
    abstract Adjoints<'E> : algebra: IAlgebra<'E> * a: 'E * b: 'E * y: 'E * g: 'E -> struct ('E * 'E)

// The rules: each primitive's value and local partials on floats, stated once. The sweeps are
// generic in them (Kernels.fs); nothing else computes a primitive's value or derivative.
// Partials go through the forward value where that is cheaper and stabler
// (tanh' = 1 - t², sigmoid' = s(1 - s), exp' = exp).

/// a + b;  ∂/∂a = 1, ∂/∂b = 1. Exact, so batches add whole spans at once; a shared operand (a
/// bias) is added as a number, and its adjoint is the sum of the result's.
[<Struct>]
type internal AddRule =
    interface IBinaryRule with
        static member Value(a, b) = a + b
        static member Adjoints(_, _, _, g) = struct (g, g)
        static member Values(a, b, y) = TensorPrimitives.Add(a, b, y)
        static member ReadsOperands = false
        static member ReadsResult = false

        static member AddAdjoints(g, _, _, _, adjA, adjB) =
            TensorPrimitives.Add(Span.op_Implicit adjA, g, adjA)
            TensorPrimitives.Add(Span.op_Implicit adjB, g, adjB)

    interface ISharedOperandRule with
        static member ValuesWithNumber(x, c, y) = VectorMath.addNumber x c y

        static member AddAdjointsWithNumber(g, _, _, into) =
            TensorPrimitives.Add(Span.op_Implicit into, g, into)
            VectorMath.sum g

/// a·b;  ∂/∂a = b, ∂/∂b = a. Batches multiply, then add (not fused), as the scalar sweep does; a
/// shared operand (a weight) is read as a number, and its adjoint is a dot product.
[<Struct>]
type internal MulRule =
    interface IBinaryRule with
        static member Value(a, b) = a * b
        static member Adjoints(a, b, _, g) = struct (g * b, g * a)
        static member Values(a, b, y) = TensorPrimitives.Multiply(a, b, y)
        static member ReadsOperands = true
        static member ReadsResult = false

        static member AddAdjoints(g, a, b, _, adjA, adjB) =
            TensorPrimitives.MultiplyAdd(g, b, Span.op_Implicit adjA, adjA)
            TensorPrimitives.MultiplyAdd(g, a, Span.op_Implicit adjB, adjB)

    interface ISharedOperandRule with
        static member ValuesWithNumber(x, c, y) = VectorMath.multiplyByNumber x c y

        static member AddAdjointsWithNumber(g, x, c, into) =
            VectorMath.addMultiple g c into
            VectorMath.dot g x

/// a**c for a constant c;  ∂/∂a = c·a**(c-1), which is 0 for c = 0 (also at a = 0, where
/// 0·0**-1 would be NaN), as PyTorch and JAX. Math.Pow is the C library's pow, as Python's **.
[<Struct>]
type internal PowConstRule =
    interface IParameterisedRule with
        static member Value(a, c) = Math.Pow(a, c)

        static member Partial(a, c, _) =
            if c = 0.0 then 0.0 else c * Math.Pow(a, c - 1.0)

/// 1 where x is 0 (either sign), else 0: the masks of the power's derivatives.
module internal Masks =
    let inline isZero (x: float) = if x = 0.0 then 1.0 else 0.0

/// a**b;  ∂/∂a = b·a**(b-1), 0 where b = 0;  ∂/∂b = a**b·ln a, 0 where a = 0 and b >= 0
/// (as PyTorch and JAX), NaN for a < 0 (reported, not hidden). The masks are written as the
/// derivative expressions write them (an exponent b - 1 + [a = 0]·[b = 0], a logarithm of
/// a + [a = 0]), so that both give the same bits. The exponent's mask is on the one point where
/// 0·0**-1 would be NaN, not on all of b = 0: a mask's derivative is 0, so a mask on b = 0 would
/// make ∂²/∂b∂a there 1 (that is, a**0) where it is 1/a.
[<Struct>]
type internal PowRule =
    interface IBinaryRule with
        static member Value(a, b) = Math.Pow(a, b)

        static member Adjoints(a, b, y, g) =
            let da = b * Math.Pow(a, b + -1.0 + Masks.isZero a * Masks.isZero b)
            let db = y * Math.Log(a + Masks.isZero a)
            struct (g * da, g * db)

        static member ReadsOperands = true
        static member ReadsResult = true

        static member Values(a, b, y) = Elementwise.values<PowRule> (a, b, y)

        static member AddAdjoints(g, a, b, y, adjA, adjB) =
            Elementwise.addAdjoints<PowRule> (g, a, b, y, adjA, adjB)

/// e**a;  ∂/∂a = e**a, the value itself.
[<Struct>]
type internal ExpRule =
    interface IUnaryRule with
        static member Value a = Math.Exp a
        static member Partial(_, y) = y
        static member ReadsOperand = false
        static member ReadsResult = true
        static member Values(x, y) = Elementwise.unaryValues<ExpRule> (x, y)

/// ln a;  ∂/∂a = 1/a.
[<Struct>]
type internal LogRule =
    interface IUnaryRule with
        static member Value a = Math.Log a
        static member Partial(a, _) = 1.0 / a
        static member ReadsOperand = true
        static member ReadsResult = false
        static member Values(x, y) = Elementwise.unaryValues<LogRule> (x, y)

/// Math.Tanh is exact to ±1 for large |a| (micrograd's (e^2a - 1)/(e^2a + 1) overflows at 355);
/// ∂/∂a = 1 - t².
[<Struct>]
type internal TanhRule =
    interface IUnaryRule with
        static member Value a = Math.Tanh a
        static member Partial(_, y) = 1.0 - y * y
        static member ReadsOperand = false
        static member ReadsResult = true
        static member Values(x, y) = VectorMath.tanh x y

/// sin a;  ∂/∂a = cos a.
[<Struct>]
type internal SinRule =
    interface IUnaryRule with
        static member Value a = Math.Sin a
        static member Partial(a, _) = Math.Cos a
        static member ReadsOperand = true
        static member ReadsResult = false
        static member Values(x, y) = Elementwise.unaryValues<SinRule> (x, y)

/// cos a;  ∂/∂a = -sin a.
[<Struct>]
type internal CosRule =
    interface IUnaryRule with
        static member Value a = Math.Cos a
        static member Partial(a, _) = -(Math.Sin a)
        static member ReadsOperand = true
        static member ReadsResult = false
        static member Values(x, y) = Elementwise.unaryValues<CosRule> (x, y)

/// 1/(1 + e^-a), split on the sign of a so that e^x never overflows;  ∂/∂a = s(1 - s).
[<Struct>]
type internal SigmoidRule =
    interface IUnaryRule with
        static member Value a =
            if a >= 0.0 then
                1.0 / (1.0 + Math.Exp(-a))
            else
                let e = Math.Exp a
                e / (1.0 + e)

        static member Partial(_, y) = y * (1.0 - y)
        static member ReadsOperand = false
        static member ReadsResult = true

        static member Values(x, y) =
            Elementwise.unaryValues<SigmoidRule> (x, y)

/// max(0, a), NaN staying NaN;  ∂/∂a = 1 for a > 0, else 0 (relu'(0) = 0, as micrograd and PyTorch).
[<Struct>]
type internal ReluRule =
    interface IUnaryRule with
        static member Value a =
            if a > 0.0 then a
            elif a <= 0.0 then 0.0
            else a

        static member Partial(a, _) = if a > 0.0 then 1.0 else 0.0
        static member ReadsOperand = true
        static member ReadsResult = false

        static member Values(x, y) =
            Elementwise.unaryValues<ReluRule> (x, y)

/// The larger, NaN in a staying NaN; the adjoint goes to the operand chosen: to a when a > b or
/// a is NaN, else to b (a tie goes to b, as relu(a - b) + b), so a NaN operand receives it.
[<Struct>]
type internal MaxRule =
    interface IBinaryRule with
        static member Value(a, b) =
            if a > b then a
            elif Double.IsNaN a then a
            else b

        static member Adjoints(a, b, _, g) =
            if a > b || Double.IsNaN a then
                struct (g, 0.0)
            else
                struct (0.0, g)

        static member ReadsOperands = true
        static member ReadsResult = false

        static member Values(a, b, y) = Elementwise.values<MaxRule> (a, b, y)

        static member AddAdjoints(g, a, b, y, adjA, adjB) =
            Elementwise.addAdjoints<MaxRule> (g, a, b, y, adjA, adjB)

/// The smaller, NaN in a staying NaN; the adjoint goes to the operand chosen: to a when a < b or
/// a is NaN, else to b (a tie goes to b, as b - relu(b - a)).
[<Struct>]
type internal MinRule =
    interface IBinaryRule with
        static member Value(a, b) =
            if a < b then a
            elif Double.IsNaN a then a
            else b

        static member Adjoints(a, b, _, g) =
            if a < b || Double.IsNaN a then
                struct (g, 0.0)
            else
                struct (0.0, g)

        static member ReadsOperands = true
        static member ReadsResult = false

        static member Values(a, b, y) = Elementwise.values<MinRule> (a, b, y)

        static member AddAdjoints(g, a, b, y, adjA, adjB) =
            Elementwise.addAdjoints<MinRule> (g, a, b, y, adjA, adjB)

/// 1 where a > b, else 0 (NaN compares false); its derivative is 0 in both operands.
[<Struct>]
type internal GreaterRule =
    interface IBinaryRule with
        static member Value(a, b) = if a > b then 1.0 else 0.0
        static member Adjoints(_, _, _, _) = struct (0.0, 0.0)
        static member ReadsOperands = false
        static member ReadsResult = false

        static member Values(a, b, y) =
            Elementwise.values<GreaterRule> (a, b, y)

        static member AddAdjoints(g, a, b, y, adjA, adjB) =
            Elementwise.addAdjoints<GreaterRule> (g, a, b, y, adjA, adjB)

/// a - b;  ∂/∂a = 1, ∂/∂b = -1. Exact, as a + (-1)·b is, in one node instead of three.
[<Struct>]
type internal SubRule =
    interface IBinaryRule with
        static member Value(a, b) = a - b
        static member Adjoints(_, _, _, g) = struct (g, -g)
        static member Values(a, b, y) = TensorPrimitives.Subtract(a, b, y)
        static member ReadsOperands = false
        static member ReadsResult = false

        static member AddAdjoints(g, _, _, _, adjA, adjB) =
            TensorPrimitives.Add(Span.op_Implicit adjA, g, adjA)
            TensorPrimitives.Subtract(Span.op_Implicit adjB, g, adjB)

/// -a;  ∂/∂a = -1. Exact.
[<Struct>]
type internal NegRule =
    interface IUnaryRule with
        static member Value a = -a
        static member Partial(_, _) = -1.0
        static member ReadsOperand = false
        static member ReadsResult = false
        static member Values(x, y) = TensorPrimitives.Negate(x, y)

/// a / b in one rounding (a·b**-1 rounds twice, and overflows for 1e-300 / 1e-310);
/// ∂/∂a = 1/b, ∂/∂b = -a/b² = -(a/b)/b, as PyTorch computes them: g / b and -(g·(y / b)).
[<Struct>]
type internal DivRule =
    interface IBinaryRule with
        static member Value(a, b) = a / b
        static member Adjoints(_, b, y, g) = struct (g / b, -(g * (y / b)))
        static member Values(a, b, y) = TensorPrimitives.Divide(a, b, y)
        static member ReadsOperands = true
        static member ReadsResult = true

        static member AddAdjoints(g, a, b, y, adjA, adjB) =
            Elementwise.addAdjoints<DivRule> (g, a, b, y, adjA, adjB)

/// |a|;  ∂/∂a = 1 for a > 0, -1 for a < 0, and 0 at 0 (abs'(0) = 0, as PyTorch) and for NaN.
[<Struct>]
type internal AbsRule =
    interface IUnaryRule with
        static member Value a = Math.Abs a

        static member Partial(a, _) =
            if a > 0.0 then 1.0
            elif a < 0.0 then -1.0
            else 0.0

        static member ReadsOperand = true
        static member ReadsResult = false
        static member Values(x, y) = TensorPrimitives.Abs(x, y)

/// √a, correctly rounded (a**0.5 is not, for every a);  ∂/∂a = 0.5 / √a (inf at 0, as PyTorch).
[<Struct>]
type internal SqrtRule =
    interface IUnaryRule with
        static member Value a = Math.Sqrt a
        static member Partial(_, y) = 0.5 / y
        static member ReadsOperand = false
        static member ReadsResult = true
        static member Values(x, y) = TensorPrimitives.Sqrt(x, y)

/// 1 where a = b, else 0 (NaN equals nothing); its derivative is 0. With greater, the indicator
/// that derivatives at kinks and masks are written with.
[<Struct>]
type internal EqualRule =
    interface IBinaryRule with
        static member Value(a, b) = if a = b then 1.0 else 0.0
        static member Adjoints(_, _, _, _) = struct (0.0, 0.0)
        static member ReadsOperands = false
        static member ReadsResult = false

        static member Values(a, b, y) = Elementwise.values<EqualRule> (a, b, y)

        static member AddAdjoints(g, a, b, y, adjA, adjB) =
            Elementwise.addAdjoints<EqualRule> (g, a, b, y, adjA, adjB)

/// <summary>
/// The operations table: one entry per primitive, in the order sweeps group them, and each
/// one's derivative as expressions. Adding a primitive is one rule above, one entry and one
/// derivative here, one case of <see cref="T:Backprop.Functional.Node"/> (see
/// docs/architecture.md, "How to add an operation").
/// </summary>
[<RequireQualifiedAccess; CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Operation =

    /// A number; its value is read from the tape's constants.
    [<CompiledName("Constant")>]
    let constant = Operation("const", Notation.Leaf, "", 0, ConstantKernel())

    /// A named input; its value is read from the inputs, its adjoint is its gradient.
    [<CompiledName("Variable")>]
    let variable = Operation("var", Notation.Leaf, "", 0, VariableKernel())

    /// <c>a + b</c>.
    [<CompiledName("Add")>]
    let add =
        Operation("add", Notation.Infix "+", "+", 2, SharedOperandKernel<AddRule>())

    /// <c>a · b</c>.
    [<CompiledName("Mul")>]
    let mul =
        Operation("mul", Notation.Infix "*", "*", 2, SharedOperandKernel<MulRule>())

    /// <c>a ** c</c> for a constant exponent c: differentiated in its base only.
    [<CompiledName("PowConst")>]
    let powConst =
        Operation("pow", Notation.Infix "**", "**", 1, ParameterisedKernel<PowConstRule>())

    /// <c>a ** b</c>, differentiated in both.
    [<CompiledName("Pow")>]
    let pow = Operation("pow", Notation.Infix "**", "**", 2, BinaryKernel<PowRule>())

    /// <c>e^a</c>.
    [<CompiledName("Exp")>]
    let exp = Operation("exp", Notation.Call "exp", "exp", 1, UnaryKernel<ExpRule>())

    /// <c>ln a</c>.
    [<CompiledName("Log")>]
    let log = Operation("log", Notation.Call "log", "log", 1, UnaryKernel<LogRule>())

    /// <c>tanh a</c>.
    [<CompiledName("Tanh")>]
    let tanh =
        Operation("tanh", Notation.Call "tanh", "tanh", 1, UnaryKernel<TanhRule>())

    /// <c>1 / (1 + e^-a)</c>.
    [<CompiledName("Sigmoid")>]
    let sigmoid =
        Operation("sigmoid", Notation.Call "sigmoid", "sigmoid", 1, UnaryKernel<SigmoidRule>())

    /// <c>max(0, a)</c>.
    [<CompiledName("Relu")>]
    let relu =
        Operation("relu", Notation.Call "relu", "relu", 1, UnaryKernel<ReluRule>())

    /// <c>sin a</c>.
    [<CompiledName("Sin")>]
    let sin = Operation("sin", Notation.Call "sin", "sin", 1, UnaryKernel<SinRule>())

    /// <c>cos a</c>.
    [<CompiledName("Cos")>]
    let cos = Operation("cos", Notation.Call "cos", "cos", 1, UnaryKernel<CosRule>())

    /// The larger of a and b.
    [<CompiledName("Max")>]
    let max = Operation("max", Notation.Call "max", "max", 2, BinaryKernel<MaxRule>())

    /// The smaller of a and b.
    [<CompiledName("Min")>]
    let min = Operation("min", Notation.Call "min", "min", 2, BinaryKernel<MinRule>())

    /// <c>1</c> where <c>a &gt; b</c>, else <c>0</c> (also for NaN): the indicator derivatives of
    /// kinks are written with; its own derivative is 0.
    [<CompiledName("Greater")>]
    let greater =
        Operation("greater", Notation.Call "greater", "greater", 2, BinaryKernel<GreaterRule>())

    /// <c>a - b</c>.
    [<CompiledName("Sub")>]
    let sub = Operation("sub", Notation.Infix "-", "-", 2, BinaryKernel<SubRule>())

    /// <c>-a</c>.
    [<CompiledName("Neg")>]
    let neg = Operation("neg", Notation.Prefix "-", "neg", 1, UnaryKernel<NegRule>())

    /// <c>a / b</c>, one rounding.
    [<CompiledName("Div")>]
    let div = Operation("div", Notation.Infix "/", "/", 2, BinaryKernel<DivRule>())

    /// <c>|a|</c>.
    [<CompiledName("Abs")>]
    let abs = Operation("abs", Notation.Call "abs", "abs", 1, UnaryKernel<AbsRule>())

    /// <c>√a</c>.
    [<CompiledName("Sqrt")>]
    let sqrt =
        Operation("sqrt", Notation.Call "sqrt", "sqrt", 1, UnaryKernel<SqrtRule>())

    /// <c>1</c> where <c>a = b</c>, else <c>0</c> (also for NaN); its derivative is 0.
    [<CompiledName("Equal")>]
    let equal =
        Operation("equal", Notation.Call "equal", "equal", 2, BinaryKernel<EqualRule>())

    // The derivatives as expressions, one per operation, attached once every entry exists. They
    // state the same calculus as the float rules above and keep the same conventions at kinks:
    // relu'(0) = 0, and max/min send the adjoint to a when a wins strictly or is NaN (a tie goes
    // to b), through greater(a, b) and equal(a, a) (0 only for NaN).

    let private plus (algebra: IAlgebra<'E>) (a: 'E) (b: 'E) = algebra.Apply(add, a, b)
    let private times (algebra: IAlgebra<'E>) (a: 'E) (b: 'E) = algebra.Apply(mul, a, b)
    let private number (algebra: IAlgebra<'E>) (c: float) = algebra.Constant c

    let private call (algebra: IAlgebra<'E>) (operation: Operation) (a: 'E) =
        algebra.Apply(operation, a, Unchecked.defaultof<'E>)

    let private power (algebra: IAlgebra<'E>) (a: 'E) (c: float) =
        algebra.Apply(powConst, a, algebra.Constant c)


    /// 1 - x
    let private complement (algebra: IAlgebra<'E>) (x: 'E) =
        algebra.Apply(sub, number algebra 1.0, x)

    do
        add.Derivative <-
            { new IDerivativeRule with
                member _.Adjoints(_, _, _, _, g) = struct (g, g)
            }

        mul.Derivative <-
            { new IDerivativeRule with
                member _.Adjoints(algebra, a, b, _, g) =
                    struct (times algebra g b, times algebra g a)
            }

        powConst.Derivative <-
            { new IDerivativeRule with
                member _.Adjoints(algebra, a, b, _, g) =
                    let c = (algebra.TryConstant b).Value
                    struct (times algebra g (times algebra (number algebra c) (power algebra a (c - 1.0))), b)
            }

        pow.Derivative <-
            { new IDerivativeRule with
                member _.Adjoints(algebra, a, b, y, g) =
                    let isZero (x: 'E) =
                        algebra.Apply(equal, x, number algebra 0.0)

                    let aIsZero = isZero a

                    let exponent =
                        plus algebra (plus algebra b (number algebra -1.0)) (times algebra aIsZero (isZero b))

                    let da = times algebra b (algebra.Apply(pow, a, exponent))
                    let db = times algebra y (call algebra log (plus algebra a aIsZero))
                    struct (times algebra g da, times algebra g db)
            }

        exp.Derivative <-
            { new IDerivativeRule with
                member _.Adjoints(algebra, _, b, y, g) = struct (times algebra g y, b)
            }

        log.Derivative <-
            { new IDerivativeRule with
                member _.Adjoints(algebra, a, b, _, g) =
                    struct (times algebra g (algebra.Apply(div, number algebra 1.0, a)), b)
            }

        tanh.Derivative <-
            { new IDerivativeRule with
                member _.Adjoints(algebra, _, b, y, g) =
                    struct (times algebra g (complement algebra (times algebra y y)), b)
            }

        sigmoid.Derivative <-
            { new IDerivativeRule with
                member _.Adjoints(algebra, _, b, y, g) =
                    struct (times algebra g (times algebra y (complement algebra y)), b)
            }

        relu.Derivative <-
            { new IDerivativeRule with
                member _.Adjoints(algebra, a, b, _, g) =
                    struct (times algebra g (algebra.Apply(greater, a, number algebra 0.0)), b)
            }

        sin.Derivative <-
            { new IDerivativeRule with
                member _.Adjoints(algebra, a, b, _, g) =
                    struct (times algebra g (call algebra cos a), b)
            }

        cos.Derivative <-
            { new IDerivativeRule with
                member _.Adjoints(algebra, a, b, _, g) =
                    struct (times algebra g (call algebra neg (call algebra sin a)), b)
            }

        // a wins strictly, or is NaN: greater(a, b) + (1 - equal(a, a)), 0 or 1.
        let winsOrNaN (algebra: IAlgebra<'E>) (a: 'E) (strictly: 'E) =
            plus algebra strictly (complement algebra (algebra.Apply(equal, a, a)))

        max.Derivative <-
            { new IDerivativeRule with
                member _.Adjoints(algebra, a, b, _, g) =
                    let wins = winsOrNaN algebra a (algebra.Apply(greater, a, b))
                    struct (times algebra g wins, times algebra g (complement algebra wins))
            }

        min.Derivative <-
            { new IDerivativeRule with
                member _.Adjoints(algebra, a, b, _, g) =
                    let wins = winsOrNaN algebra a (algebra.Apply(greater, b, a))
                    struct (times algebra g wins, times algebra g (complement algebra wins))
            }

        greater.Derivative <-
            { new IDerivativeRule with
                member _.Adjoints(algebra, _, _, _, _) =
                    struct (number algebra 0.0, number algebra 0.0)
            }

        sub.Derivative <-
            { new IDerivativeRule with
                member _.Adjoints(algebra, _, _, _, g) = struct (g, call algebra neg g)
            }

        neg.Derivative <-
            { new IDerivativeRule with
                member _.Adjoints(algebra, _, b, _, g) = struct (call algebra neg g, b)
            }

        div.Derivative <-
            { new IDerivativeRule with
                member _.Adjoints(algebra, _, b, y, g) =
                    let da = algebra.Apply(div, g, b)
                    let db = call algebra neg (times algebra g (algebra.Apply(div, y, b)))
                    struct (da, db)
            }

        abs.Derivative <-
            { new IDerivativeRule with
                member _.Adjoints(algebra, a, b, _, g) =
                    let zero = number algebra 0.0

                    let sign =
                        algebra.Apply(sub, algebra.Apply(greater, a, zero), algebra.Apply(greater, zero, a))

                    struct (times algebra g sign, b)
            }

        sqrt.Derivative <-
            { new IDerivativeRule with
                member _.Adjoints(algebra, _, b, y, g) =
                    struct (times algebra g (algebra.Apply(div, number algebra 0.5, y)), b)
            }

        equal.Derivative <-
            { new IDerivativeRule with
                member _.Adjoints(algebra, _, _, _, _) =
                    struct (number algebra 0.0, number algebra 0.0)
            }
