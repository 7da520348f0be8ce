namespace Backprop.Functional

open System
open System.Threading

/// <summary>
/// The operation at the root of an expression, with its operands. This is the union F# users
/// pattern-match: <c>match e.Node with Add (a, b) -> … | Tanh x -> …</c>.
/// </summary>
/// <remarks>
/// Subtraction, negation and division are primitives: one node and one rounding each
/// (<c>1e-300 / 1e-310 = 1e10</c>, where micrograd's <c>a · b**(-1)</c> overflows). A power is
/// <c>PowConst</c> when its exponent is a constant the expression was written with (differentiated
/// in its base only) and <c>Pow</c> otherwise, even when the exponent's value happens to be
/// constant.
/// </remarks>
[<NoEquality; NoComparison>]
type Node =
    /// A number with no gradient of its own.
    | Const of value: float
    /// A named input; its value comes from the bindings, and gradients are reported per name.
    | Var of name: string
    /// <c>a + b</c>.
    | Add of Expr * Expr
    /// <c>a · b</c>.
    | Mul of Expr * Expr
    /// <c>a ** b</c>, differentiated in both.
    | Pow of Expr * exponent: Expr
    /// <c>e^x</c>.
    | Exp of Expr
    /// Natural logarithm.
    | Log of Expr
    /// Hyperbolic tangent.
    | Tanh of Expr
    /// Logistic function <c>1 / (1 + e^-x)</c>.
    | Sigmoid of Expr
    /// <c>max(0, x)</c>, with <c>relu'(0) = 0</c>.
    | Relu of Expr
    /// Sine (radians).
    | Sin of Expr
    /// Cosine (radians).
    | Cos of Expr
    /// The larger operand; on a tie the gradient goes to the second.
    | Max of Expr * Expr
    /// The smaller operand; on a tie the gradient goes to the second.
    | Min of Expr * Expr
    /// <c>1</c> where the first operand is larger, else <c>0</c>: the indicator that derivatives
    /// of kinks (relu, max, min) are written with. Its derivative is 0.
    | Greater of Expr * Expr
    /// <c>a - b</c>.
    | Sub of Expr * Expr
    /// <c>-a</c>.
    | Neg of Expr
    /// <c>a / b</c>, in one rounding.
    | Div of Expr * Expr
    /// <summary>
    /// <c>a ** c</c> for a constant exponent: differentiated in its base only. The exponent is a
    /// node whose value is read, never differentiated (<c>Expr.Pow(a, 2.0)</c> makes it a
    /// <c>Const</c>).
    /// </summary>
    | PowConst of Expr * exponent: Expr
    /// <c>|a|</c>, with <c>abs'(0) = 0</c>.
    | Abs of Expr
    /// <c>√a</c>, correctly rounded.
    | Sqrt of Expr
    /// <c>1</c> where the operands are equal, else <c>0</c> (NaN equals nothing). Its derivative is 0.
    | Equal of Expr * Expr
    /// <summary>
    /// An operation a library user defined, with its value on floats and its derivative as
    /// expressions (<see cref="T:Backprop.Functional.CustomOperation"/>), applied to its one or two operands.
    /// </summary>
    | Custom of operation: Operation * operands: Expr[]

/// <summary>
/// An immutable scalar expression: a node of a computation graph that may share subexpressions.
/// </summary>
/// <remarks>
/// Identity is reference identity. Every expression carries a unique, increasing <see cref="P:Backprop.Functional.Expr.Id"/>,
/// so equality and hashing are O(1) and never walk the graph. Two separately built but identical
/// subtrees are two distinct nodes; both give the same values and gradients.
/// Building an expression never throws for legal floats: NaN and infinities propagate per IEEE-754.
/// </remarks>
and [<Sealed; AllowNullLiteral(false); StructuredFormatDisplay("{Display}")>] Expr private (node: Node, id: int64) =
    static let mutable lastId = 0L

    /// <summary>Wraps a node into a new expression with a fresh identity. O(1).</summary>
    static member OfNode(node: Node) =
        Expr(node, Interlocked.Increment(&lastId))

    /// The operation at the root of this expression.
    member _.Node = node

    /// A process-wide unique number; a node's operands always have smaller ids than the node.
    member _.Id = id

    /// <summary>
    /// The node's entry in the operations table and its children (null where it has fewer than
    /// two). A <c>PowConst</c> is <c>Operation.powConst</c>, its exponent a child it does not
    /// differentiate. This match is the one place a case of
    /// <see cref="T:Backprop.Functional.Node"/> is tied to its operation.
    /// </summary>
    member inline internal this.View: struct (Operation * Expr * Expr) =
        let none = Unchecked.defaultof<Expr>

        // Inline: the traversal, the level sort and the compiler each call it once per node.
        match this.Node with
        | Const _ -> struct (Operation.constant, none, none)
        | Var _ -> struct (Operation.variable, none, none)
        | Add(a, b) -> struct (Operation.add, a, b)
        | Mul(a, b) -> struct (Operation.mul, a, b)
        | Pow(a, b) -> struct (Operation.pow, a, b)
        | Exp x -> struct (Operation.exp, x, none)
        | Log x -> struct (Operation.log, x, none)
        | Tanh x -> struct (Operation.tanh, x, none)
        | Sigmoid x -> struct (Operation.sigmoid, x, none)
        | Relu x -> struct (Operation.relu, x, none)
        | Sin x -> struct (Operation.sin, x, none)
        | Cos x -> struct (Operation.cos, x, none)
        | Max(a, b) -> struct (Operation.max, a, b)
        | Min(a, b) -> struct (Operation.min, a, b)
        | Greater(a, b) -> struct (Operation.greater, a, b)
        | Sub(a, b) -> struct (Operation.sub, a, b)
        | Neg x -> struct (Operation.neg, x, none)
        | Div(a, b) -> struct (Operation.div, a, b)
        | PowConst(a, c) -> struct (Operation.powConst, a, c)
        | Abs x -> struct (Operation.abs, x, none)
        | Sqrt x -> struct (Operation.sqrt, x, none)
        | Equal(a, b) -> struct (Operation.equal, a, b)
        | Custom(operation, operands) ->
            struct (operation, operands[0], (if operands.Length > 1 then operands[1] else none))

    /// <summary>
    /// A new node of an operation of the table over its children (the second is null for one
    /// operand; a constant node for <c>Operation.powConst</c>): the inverse of
    /// <see cref="P:Backprop.Functional.Expr.Operation"/>, for code that builds expressions from
    /// the table, as the symbolic derivative does. Leaves are built with their own constructors.
    /// </summary>
    static member OfOperation(operation: Operation, a: Expr, b: Expr) : Expr =
        let node =
            if obj.ReferenceEquals(operation, Operation.add) then
                Add(a, b)
            elif obj.ReferenceEquals(operation, Operation.mul) then
                Mul(a, b)
            elif obj.ReferenceEquals(operation, Operation.powConst) then
                PowConst(a, b)
            elif obj.ReferenceEquals(operation, Operation.pow) then
                Pow(a, b)
            elif obj.ReferenceEquals(operation, Operation.exp) then
                Exp a
            elif obj.ReferenceEquals(operation, Operation.log) then
                Log a
            elif obj.ReferenceEquals(operation, Operation.tanh) then
                Tanh a
            elif obj.ReferenceEquals(operation, Operation.sigmoid) then
                Sigmoid a
            elif obj.ReferenceEquals(operation, Operation.relu) then
                Relu a
            elif obj.ReferenceEquals(operation, Operation.sin) then
                Sin a
            elif obj.ReferenceEquals(operation, Operation.cos) then
                Cos a
            elif obj.ReferenceEquals(operation, Operation.max) then
                Max(a, b)
            elif obj.ReferenceEquals(operation, Operation.min) then
                Min(a, b)
            elif obj.ReferenceEquals(operation, Operation.greater) then
                Greater(a, b)
            elif obj.ReferenceEquals(operation, Operation.sub) then
                Sub(a, b)
            elif obj.ReferenceEquals(operation, Operation.neg) then
                Neg a
            elif obj.ReferenceEquals(operation, Operation.div) then
                Div(a, b)
            elif obj.ReferenceEquals(operation, Operation.abs) then
                Abs a
            elif obj.ReferenceEquals(operation, Operation.sqrt) then
                Sqrt a
            elif obj.ReferenceEquals(operation, Operation.equal) then
                Equal(a, b)
            elif operation.IsCustom then
                let given =
                    if isNull (box a) then 0
                    elif isNull (box b) then 1
                    else 2

                if given <> operation.Arity then
                    invalidArg
                        (nameof b)
                        $"The operation {operation} takes {operation.Arity} operand(s); {given} were given."

                Custom(operation, (if operation.Arity = 1 then [| a |] else [| a; b |]))
            else
                invalidOp $"The operation {operation} has no node to build."

        Expr.OfNode node

    /// The operation at the root of this expression, from the operations table. O(1).
    member this.Operation =
        let struct (operation, _, _) = this.View
        operation

    /// <summary>
    /// The children of this node, first operand first: the operands, and for a power by a
    /// constant also the exponent node (beyond <see cref="P:Backprop.Functional.Operation.Arity"/>).
    /// </summary>
    member this.Children: Collections.Generic.IReadOnlyList<Expr> =
        let struct (_, a, b) = this.View

        if isNull (box a) then [||]
        elif isNull (box b) then [| a |]
        else [| a; b |]

    override this.Equals(other: obj) = Object.ReferenceEquals(this, other)

    override _.GetHashCode() = id.GetHashCode()

    /// A bounded, infix rendering (at most a few thousand characters, whatever the depth).
    override this.ToString() = ExprText.render this

    /// Used by <c>%A</c>; bounded like <see cref="M:Backprop.Functional.Expr.ToString"/>.
    member this.Display = this.ToString()

    /// The constant 0, so that <c>List.sum</c> works on expressions.
    static member Zero = Expr.OfNode(Const 0.0)

    /// The constant 1.
    static member One = Expr.OfNode(Const 1.0)

    static member (+)(a: Expr, b: Expr) = Expr.OfNode(Add(a, b))

    static member (+)(a: Expr, b: float) =
        Expr.OfNode(Add(a, Expr.OfNode(Const b)))

    static member (+)(a: float, b: Expr) =
        Expr.OfNode(Add(Expr.OfNode(Const a), b))

    static member (*)(a: Expr, b: Expr) = Expr.OfNode(Mul(a, b))

    static member (*)(a: Expr, b: float) =
        Expr.OfNode(Mul(a, Expr.OfNode(Const b)))

    static member (*)(a: float, b: Expr) =
        Expr.OfNode(Mul(Expr.OfNode(Const a), b))

    /// <c>-a</c>.
    static member (~-)(a: Expr) = Expr.OfNode(Neg a)

    /// <c>a - b</c>.
    static member (-)(a: Expr, b: Expr) = Expr.OfNode(Sub(a, b))

    static member (-)(a: Expr, b: float) =
        Expr.OfNode(Sub(a, Expr.OfNode(Const b)))

    static member (-)(a: float, b: Expr) =
        Expr.OfNode(Sub(Expr.OfNode(Const a), b))

    /// <c>a / b</c>, in one rounding.
    static member (/)(a: Expr, b: Expr) = Expr.OfNode(Div(a, b))

    static member (/)(a: Expr, b: float) =
        Expr.OfNode(Div(a, Expr.OfNode(Const b)))

    static member (/)(a: float, b: Expr) =
        Expr.OfNode(Div(Expr.OfNode(Const a), b))

    /// <c>a ** c</c> with a constant exponent: differentiated in the base only.
    static member Pow(a: Expr, c: float) =
        Expr.OfNode(PowConst(a, Expr.OfNode(Const c)))

    /// <c>a ** b</c>, differentiated in both the base and the exponent (also when b's value is a constant).
    static member Pow(a: Expr, b: Expr) = Expr.OfNode(Pow(a, b))

    /// <c>a ** b</c> with a constant base.
    static member Pow(a: float, b: Expr) =
        Expr.OfNode(Pow(Expr.OfNode(Const a), b))

    /// <c>e^x</c>; lets <c>exp</c> from FSharp.Core work on expressions.
    static member Exp(x: Expr) = Expr.OfNode(Exp x)
    /// Natural logarithm; lets <c>log</c> from FSharp.Core work on expressions.
    static member Log(x: Expr) = Expr.OfNode(Log x)
    /// Hyperbolic tangent; lets <c>tanh</c> from FSharp.Core work on expressions.
    static member Tanh(x: Expr) = Expr.OfNode(Tanh x)
    /// Sine; lets <c>sin</c> from FSharp.Core work on expressions.
    static member Sin(x: Expr) = Expr.OfNode(Sin x)
    /// Cosine; lets <c>cos</c> from FSharp.Core work on expressions.
    static member Cos(x: Expr) = Expr.OfNode(Cos x)
    /// <c>√x</c>; lets <c>sqrt</c> from FSharp.Core work on expressions.
    static member Sqrt(x: Expr) = Expr.OfNode(Sqrt x)
    /// <c>|x|</c>; lets <c>abs</c> from FSharp.Core work on expressions.
    static member Abs(x: Expr) = Expr.OfNode(Abs x)
    /// Lets <c>List.average</c> work on expressions.
    static member DivideByInt(x: Expr, n: int) = x / float n

/// Bounded, iterative infix text for expressions (used by ToString and %A).
and private ExprText =
    /// Longest rendering before it is cut with an ellipsis.
    static member Limit = 4096

    static member render(root: Expr) : string =
        let text = Text.StringBuilder()
        // A work list of pending pieces instead of recursion: deep chains cannot overflow the stack,
        // and the length limit stops shared DAGs from expanding exponentially.
        let pending = Collections.Generic.Stack<Choice<string, Expr>>()
        pending.Push(Choice2Of2 root)

        let child (e: Expr) = pending.Push(Choice2Of2 e)
        let piece (text: string) = pending.Push(Choice1Of2 text)

        while pending.Count > 0 && text.Length <= ExprText.Limit do
            match pending.Pop() with
            | Choice1Of2 piece -> text.Append piece |> ignore
            | Choice2Of2 e ->
                match e.Node with
                | Const v ->
                    text.Append(v.ToString("R", Globalization.CultureInfo.InvariantCulture))
                    |> ignore
                | Var name -> text.Append name |> ignore
                | _ ->
                    // Pieces are pushed last first.
                    let struct (operation, a, b) = e.View

                    match operation.Notation with
                    | Notation.Infix symbol ->
                        piece ")"
                        child b
                        piece $" {symbol} "
                        child a
                        piece "("
                    | Notation.Prefix symbol ->
                        piece ")"
                        child a
                        piece ("(" + symbol)
                    | Notation.Call name ->
                        piece ")"

                        if not (isNull (box b)) then
                            child b
                            piece ", "

                        child a
                        piece (name + "(")
                    | Notation.Leaf -> invalidOp $"The operation {operation} is written as a leaf but has operands."

        if pending.Count > 0 then
            text.Append '…' |> ignore

        text.ToString()
