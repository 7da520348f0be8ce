namespace Backprop.Functional.Language

open System
open System.Collections.Generic
open System.Globalization
open Backprop.Functional

/// <summary>
/// A function defined in the file, <c>NAME(P1, P2, …) = EXPR</c> (SPEC §1). It has no row in any
/// output: every call binds the body with the parameters standing for the call's arguments, so each
/// call makes nodes of its own and gradients, checks and graphs see an ordinary expression.
/// </summary>
type DefinedFunction = {
    /// The name used in calls.
    Name: string
    /// The names of the parameters, in order; the body refers to them and to nothing else of the file.
    Parameters: string[]
    /// Where the name is written.
    Position: Position
    /// The body in postfix order: parameters, numbers, built-in functions and functions defined above it.
    Body: PostfixItem[]
}

/// <summary>
/// Folding a postfix expression into core expressions, with every call of a function defined in
/// the file inlined: the body is folded again with its parameters standing for the arguments.
/// </summary>
/// <remarks>
/// Nothing recurses: operands wait on one stack, and the bodies being inlined on a stack of
/// frames, so neither the nesting of an expression nor the depth of calls touches the call stack.
/// What the calls inline is counted against <c>MaxNodes</c> over the whole file.
/// </remarks>
module internal Inlining =

    /// The most nodes the calls of one file may inline (Binder.MaxInlinedNodes documents how they count).
    [<Literal>]
    let MaxNodes = 4_000_000L

    /// A defined function as the binder uses it: its parameters by name, and what one call inlines.
    [<NoComparison; NoEquality>]
    type Callable = {
        Definition: DefinedFunction
        ParameterIndex: Dictionary<string, int>
        /// The nodes one call inlines when every value is a scalar (a lower bound otherwise),
        /// saturating at sizeCap.
        Size: int64
    }

    /// Sizes saturate here, far above the limit, so that a chain of doublings never overflows.
    let sizeCap = Int64.MaxValue / 4L

    /// What a call names.
    [<NoComparison; NoEquality>]
    type CallTarget =
        | BuiltIn of FunctionDefinition
        | UserDefined of Callable
        /// Unknown or called wrongly (already reported), or a function whose definition failed.
        | Unresolved

    /// The expression of a line, or the body of a function being inlined into it.
    [<NoComparison; NoEquality>]
    type Frame = {
        mutable Postfix: PostfixItem[]
        mutable Next: int
        /// The arguments of the call, which the parameters stand for; empty for the line's expression.
        Arguments: Bound[]
        /// The function whose body this is; None for the line's own expression.
        Callee: Callable option
        /// Where the call is written in the frame below: the place of the body's value there.
        Call: Position
    }

    /// What building an expression needs from the file around it.
    [<NoComparison; NoEquality>]
    type Scope = {
        /// A name of the line's expression: a binding above it; unknown ones are reported.
        Lookup: string -> Position -> Bound voption
        /// A call: unknown functions and wrong argument counts are reported.
        Resolve: string -> int -> Position -> CallTarget
        /// An error at a position.
        Report: Position -> string -> unit
        /// An error at a position, with a note at another.
        ReportWithNote: Position -> string -> Position -> string -> unit
        /// The nodes inlined so far by the calls of the file.
        Inlined: int64 ref
        /// Whether a call has crossed the limit: later calls fail without another error.
        Exceeded: bool ref
        /// The operand stack of <c>build</c>, kept from expression to expression.
        Operands: Stack<struct (Bound * Position)>
        /// The stack of bodies being inlined, likewise.
        Frames: Stack<Frame>
        /// The ids of the constants written as literals in the expression being built, likewise.
        Literals: HashSet<int64>
        /// The frame of the line's own expression, likewise.
        Root: Frame
    }

    /// A scope's work lists, empty.
    let emptyWorkLists () =
        let root = {
            Postfix = [||]
            Next = 0
            Arguments = [||]
            Callee = None
            Call = Position.Start
        }

        Stack<struct (Bound * Position)>(), Stack<Frame>(), HashSet<int64>(), root

    let private tooLarge (name: string) =
        let limit = MaxNodes.ToString("N0", CultureInfo.InvariantCulture)

        $"too many nodes: this call of '{name}' takes the nodes inlined by the calls of this file past the limit of {limit} (every call copies the body of its function, so functions that call others several times grow exponentially)"

    /// <summary>
    /// Folds a postfix expression into a scalar, vector or matrix of core expressions with a stack
    /// of operands: no recursion, whatever the nesting. Names resolve through the scope, which
    /// reports unknown ones; unknown functions, wrong argument counts and shape errors are reported
    /// too. Each operand keeps the position where it starts, so an error about one operand points at it.
    /// A call of a defined function pushes a frame for its body, whose parameters stand for the
    /// popped arguments, on an explicit stack of frames: inlining never recurses either, however
    /// deeply functions call one another. An error inside a body is reported at the outermost call,
    /// with a note at the place in the body.
    /// </summary>
    let build (scope: Scope) (postfix: PostfixItem[]) : Bound option =
        let operands = scope.Operands
        let frames = scope.Frames
        operands.Clear()
        frames.Clear()

        // The constants written as literals in this expression (-2 included): only they make a
        // power's exponent constant (SPEC §1); a name bound to a constant, k = (2), does not.
        let literals = scope.Literals

        // Clearing costs the set's capacity: one grown by a long line is given up rather than
        // cleared line after line.
        if literals.Count > 64 then
            literals.Clear()
            literals.TrimExcess()
        else
            literals.Clear()

        let literal (value: float) =
            let c = Expr.constant value
            literals.Add c.Id |> ignore
            c

        let isLiteral (e: Expr) = literals.Contains e.Id

        /// a ** b, element-wise: by a constant exponent where b is a literal, else in both.
        let power (a: Bound) (b: Bound) =
            Operations.elementwise
                "**"
                (fun x e ->
                    match e.Node with
                    | Const c when isLiteral e -> Expr.Pow(x, c)
                    | _ -> Expr.pow x e)
                a
                b

        let root = scope.Root
        root.Postfix <- postfix
        root.Next <- 0
        let mutable frame = root

        // The outermost call being inlined, where errors inside bodies are reported.
        let mutable outerCall = Position.Start
        let mutable outerName = ""
        let mutable ok = true

        /// Pops the last count operands, in source order.
        let popMany count =
            let items = Array.zeroCreate count

            for k in count - 1 .. -1 .. 0 do
                items[k] <- operands.Pop()

            items

        /// An error at a place of the line; inside a body, at the outermost call, with a note at the place.
        let fail (position: Position) (message: string) =
            ok <- false

            match frame.Callee with
            | None -> scope.Report position message
            | Some callee ->
                scope.ReportWithNote
                    outerCall
                    $"in this call of '{outerName}': {message}"
                    position
                    $"the error is in the body of '{callee.Definition.Name}', here"

        /// The call at this position (or, inside a body, the outermost call) crosses the limit.
        let exceed (position: Position) (name: string) =
            ok <- false
            scope.Exceeded.Value <- true

            if frame.Callee.IsNone then
                scope.Report position (tooLarge name)
            else
                scope.Report outerCall (tooLarge outerName)

        /// Counts what an item of a body inlines.
        let charge (count: int64) =
            if frame.Callee.IsSome then
                scope.Inlined.Value <- scope.Inlined.Value + count

                if scope.Inlined.Value > MaxNodes then
                    exceed outerCall outerName

        /// Counts what an operation of a body made: a node per element of its result, or of its
        /// operands if they are more (a sum, a dot product), times the inner size of a product.
        let chargeResult (operandElements: int64) (inner: int64) =
            if ok && frame.Callee.IsSome then
                let struct (value, _) = operands.Peek()
                let made = max (int64 (Bound.elements value).Count) operandElements
                charge (max 1L made * inner)

        /// Runs an operation, reporting its shape errors at the operation or at the operand concerned.
        let apply (at: Position) (operandPositions: Position[]) (start: Position) (operation: unit -> Bound) =
            try
                operands.Push(struct (operation (), start))
            with
            | :? ShapeException as e -> fail at e.Message
            | OperandError(message, k) -> fail operandPositions[k] message

        while ok && (frame.Next < frame.Postfix.Length || frames.Count > 0) do
            if frame.Next = frame.Postfix.Length then
                // A body is done: its value stands where the call is written.
                let struct (value, _) = operands.Pop()
                operands.Push(struct (value, frame.Call))
                frame <- frames.Pop()
            else
                let item = frame.Postfix[frame.Next]
                frame.Next <- frame.Next + 1

                match item with
                | Number(value, position) ->
                    operands.Push(struct (Scalar(literal value), position))
                    charge 1L
                | Name(name, position) ->
                    match frame.Callee with
                    | Some callee ->
                        operands.Push(struct (frame.Arguments[callee.ParameterIndex[name]], position))
                        charge 1L
                    | None ->
                        match scope.Lookup name position with
                        | ValueSome bound -> operands.Push(struct (bound, position))
                        | ValueNone -> ok <- false
                | Negate position ->
                    match operands.Pop() with
                    | struct (Scalar e, _) when isLiteral e ->
                        // -2 is a literal too: one constant, as a leaf's -3.0 is.
                        let c =
                            match e.Node with
                            | Const c -> c
                            | _ -> invalidOp "literals are constants"

                        operands.Push(struct (Scalar(literal -c), position))
                    | struct (a, _) ->
                        apply position [||] position (fun () -> Operations.negate a)
                        chargeResult 0L 1L
                | Binary(op, position) ->
                    let struct (b, _) = operands.Pop()
                    let struct (a, start) = operands.Pop()
                    // As apply does, without a closure per operation: an operator's only errors
                    // are of shapes, reported at the operator.
                    let mutable value = Unchecked.defaultof<Bound>

                    try
                        value <-
                            match op with
                            | Power -> power a b
                            | _ -> Operations.binary op a b
                    with :? ShapeException as e ->
                        fail position e.Message

                    if not (isNull (box value)) then
                        operands.Push(struct (value, start))

                    match op, a with
                    | MatrixProduct, Shaped t -> chargeResult 0L (int64 (Array.last t.Shape.Dimensions))
                    | _ -> chargeResult 0L 1L
                | Call(name, count, position) ->
                    match scope.Resolve name count position with
                    | Unresolved -> ok <- false
                    | BuiltIn f ->
                        let args = popMany count
                        let values = args |> Array.map (fun struct (a, _) -> a)
                        // As apply does, without a closure per call; an argument's position is
                        // looked up only for an error about it.
                        let mutable value = Unchecked.defaultof<Bound>

                        try
                            value <-
                                if f.Name = Operation.pow.Name then
                                    power values[0] values[1]
                                else
                                    f.Build values
                        with
                        | :? ShapeException as e -> fail position e.Message
                        | OperandError(message, k) ->
                            let struct (_, p) = args[k]
                            fail p message

                        if not (isNull (box value)) then
                            operands.Push(struct (value, position))

                        // What a call makes counts only inside a body (chargeResult); the sum of
                        // its arguments' elements is taken only there.
                        if frame.Callee.IsSome then
                            chargeResult (args |> Array.sumBy (fun struct (a, _) -> int64 (Bound.elements a).Count)) 1L
                    | UserDefined _ when scope.Exceeded.Value -> ok <- false
                    | UserDefined callee when scope.Inlined.Value + callee.Size > MaxNodes -> exceed position name
                    | UserDefined callee ->
                        let args = popMany count
                        charge 1L

                        if frame.Callee.IsNone then
                            outerCall <- position
                            outerName <- name

                        if ok then
                            frames.Push frame

                            frame <- {
                                Postfix = callee.Definition.Body
                                Next = 0
                                Arguments = args |> Array.map (fun struct (a, _) -> a)
                                Callee = Some callee
                                Call = position
                            }
                | Brackets(count, position) ->
                    let items = popMany count

                    apply position (items |> Array.map (fun struct (_, p) -> p)) position (fun () ->
                        Operations.brackets (items |> Array.map (fun struct (a, _) -> a)))

                    chargeResult 0L 1L
                | Index(count, position) ->
                    let indices = popMany count
                    let struct (target, start) = operands.Pop()
                    // Operand 0 is the indexed value; the indices follow.
                    let positions =
                        Array.append [| start |] (indices |> Array.map (fun struct (_, p) -> p))

                    apply position positions start (fun () ->
                        Operations.index target (indices |> Array.map (fun struct (a, _) -> a)))

                    chargeResult 0L 1L

        if ok then
            let struct (result, _) = operands.Pop()
            Some result
        else
            None
