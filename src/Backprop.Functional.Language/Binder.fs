namespace Backprop.Functional.Language

open System.Collections.Generic
open Backprop.Functional

/// The role of a binding (SPEC §1).
type BindingKind =
    /// <c>a = 2.0</c>: an input of the computation, a variable with this value.
    | Leaf of value: float
    /// <c>y = x</c>: the same node as <c>x</c> under another name, with its own row.
    | Alias of target: string
    /// Any other expression: an intermediate of the computation.
    | Computed
    /// <c>w = [2.0, -3.0]</c>, <c>W = [[2, -3], [1, 2]]</c>: an input vector or matrix, one variable
    /// per element (<c>w[0]</c>, <c>W[1,0]</c>), with these values in row-major order.
    | TensorLeaf of values: float[]

/// <summary>One named binding of an expression file, bound to a core expression.</summary>
type Binding = {
    /// The bound name.
    Name: string
    /// <summary>
    /// What the name stands for: a scalar expression or a vector or matrix of them. A leaf is
    /// <c>Expr.var Name</c>; a tensor leaf is <c>Tensor.variables Name shape</c>; an alias is the very
    /// expression of its target (the same nodes, so the same values and gradients).
    /// </summary>
    Bound: Bound
    /// Leaf, alias or computed.
    Kind: BindingKind
    /// Where the name is written.
    Position: Position
    /// The place of the binding in the file, counting from 0.
    Index: int
} with

    /// <summary>
    /// The scalar expression the name stands for. Raises <c>InvalidOperationException</c> for a
    /// vector or matrix: use <c>Bound</c> or <c>Elements</c>.
    /// </summary>
    member this.Expr =
        match this.Bound with
        | Scalar e -> e
        | Shaped t -> invalidOp $"'{this.Name}' is {Bound.describe this.Bound}, not a scalar"

    /// The shape of a vector or matrix binding; <c>None</c> for a scalar.
    member this.Shape = Bound.shape this.Bound

    /// The scalar expressions of the binding, row-major: one for a scalar.
    member this.Elements = Bound.elements this.Bound

    /// <summary>
    /// The name of element <paramref name="k"/> (row-major): <c>w[0]</c>, <c>W[1,0]</c>; the binding's
    /// own name for a scalar. For a leaf, the name of its variable.
    /// </summary>
    member this.ElementName(k: int) =
        match this.Bound with
        | Scalar _ -> this.Name
        | Shaped t -> Tensor.elementName this.Name t.Shape k

    /// Whether this binding is an input of the computation (a number, or a vector or matrix of numbers).
    member this.IsLeaf =
        match this.Kind with
        | Leaf _
        | TensorLeaf _ -> true
        | _ -> false

    /// <summary>
    /// The variables of a leaf with the values written in the file: <c>("a", 2.0)</c> for a scalar
    /// leaf, <c>("w[0]", 2.0); ("w[1]", -3.0)</c> for a vector; empty for any other binding.
    /// </summary>
    member this.LeafVariables: (string * float)[] =
        match this.Kind with
        | Leaf value -> [| this.Name, value |]
        | TensorLeaf values -> values |> Array.mapi (fun k v -> this.ElementName k, v)
        | _ -> [||]

    /// The value written in the file for a scalar leaf; <c>None</c> for every other binding.
    member this.LeafValue =
        match this.Kind with
        | Leaf value -> Some value
        | _ -> None

/// Turns the lines of a source text into bindings of core expressions, name by name.
[<RequireQualifiedAccess>]
module Binder =

    /// At most this many errors are reported for one file; the rest are summarised.
    [<Literal>]
    let MaxErrors = 20

    /// The NAME of a line that starts like `NAME =`, whatever follows.
    let private declaredName (text: string) =
        let trimmed = text.TrimStart()
        let mutable n = 0

        while n < trimmed.Length
              && (System.Char.IsAsciiLetterOrDigit trimmed[n] || trimmed[n] = '_') do
            n <- n + 1

        if
            n > 0
            && not (System.Char.IsAsciiDigit trimmed[0])
            && trimmed.Substring(n).TrimStart().StartsWith '='
        then
            Some(trimmed.Substring(0, n))
        else
            None

    let private verb (count: int) = if count = 1 then "was" else "were"

    let private arguments (count: int) =
        if count = 1 then "1 argument" else $"{count} arguments"

    /// <summary>
    /// Folds a postfix expression into a scalar, vector or matrix of core expressions with a stack
    /// of operands: no recursion, whatever the nesting. Names resolve through
    /// <paramref name="lookup"/>, which reports unknown ones; unknown functions, wrong argument
    /// counts and shape errors go to <paramref name="report"/>. Each operand keeps the position
    /// where it starts, so an error about one operand points at it.
    /// </summary>
    let private build
        (lookup: string -> Position -> Bound option)
        (report: Position -> string -> unit)
        (postfix: PostfixItem[])
        : Bound option =
        let operands = Stack<struct (Bound * Position)>()
        let mutable ok = true
        let mutable i = 0

        /// Pops the last count operands, in source order.
        let popMany count =
            let items = Array.zeroCreate count

            for k in count - 1 .. -1 .. 0 do
                items[k] <- operands.Pop()

            items

        /// Runs an operation, reporting its shape errors at the operation or at the operand concerned.
        let apply (at: Position) (operandPositions: Position[]) (start: Position) (operation: unit -> Bound) =
            try
                operands.Push(struct (operation (), start))
            with
            | :? ShapeException as e ->
                report at e.Message
                ok <- false
            | OperandError(message, k) ->
                report operandPositions[k] message
                ok <- false

        while ok && i < postfix.Length do
            match postfix[i] with
            | Number(value, position) -> operands.Push(struct (Scalar(Expr.constant value), position))
            | Name(name, position) ->
                match lookup name position with
                | Some bound -> operands.Push(struct (bound, position))
                | None -> ok <- false
            | Negate position ->
                let struct (a, _) = operands.Pop()
                apply position [||] position (fun () -> Operations.negate a)
            | Binary(op, position) ->
                let struct (b, _) = operands.Pop()
                let struct (a, start) = operands.Pop()
                apply position [||] start (fun () -> Operations.binary op a b)
            | Call(name, count, position) ->
                match Functions.tryFind name with
                | None ->
                    report position $"unknown function '{name}'; the functions are {Functions.names}"
                    ok <- false
                | Some f when f.Arity <> count ->
                    report position $"'{name}' takes {arguments f.Arity}, but {count} {verb count} given"
                    ok <- false
                | Some f ->
                    let args = popMany count

                    apply position (args |> Array.map (fun struct (_, p) -> p)) position (fun () ->
                        f.Build(args |> Array.map (fun struct (a, _) -> a)))
            | Brackets(count, position) ->
                let items = popMany count

                apply position (items |> Array.map (fun struct (_, p) -> p)) position (fun () ->
                    Operations.brackets (items |> Array.map (fun struct (a, _) -> a)))
            | Index(count, position) ->
                let indices = popMany count
                let struct (target, start) = operands.Pop()
                // Operand 0 is the indexed value; the indices follow.
                let positions =
                    Array.append [| start |] (indices |> Array.map (fun struct (_, p) -> p))

                apply position positions start (fun () ->
                    Operations.index target (indices |> Array.map (fun struct (a, _) -> a)))

            i <- i + 1

        if ok then
            let struct (result, _) = operands.Pop()
            Some result
        else
            None

    /// The values of a literal of numbers, and its shape, from the constants it was built of.
    let private tensorLeaf (name: string) (literal: Tensor) : Bound * BindingKind =
        let values =
            literal.Elements
            |> Seq.map (fun e ->
                match e.Node with
                | Const c -> c
                | _ -> nan)
            |> Array.ofSeq

        Shaped(Tensor.variables name literal.Shape), TensorLeaf values

    let private boundTwice (source: SourceText) (statement: Statement) (first: Binding) =
        let firstLine = first.Position.Line

        {
            Diagnostic.error
                source.File
                statement.Position
                (source.Line statement.Position.Line)
                $"'{statement.Name}' is bound twice (first on line {firstLine}); each name is bound once" with
                Related = [
                    {
                        Diagnostic.error
                            source.File
                            first.Position
                            (source.Line firstLine)
                            $"'{statement.Name}' was first bound here" with
                            Severity = Severity.Note
                    }
                ]
        }

    /// <summary>
    /// Parses and binds every line of <paramref name="source"/>. Errors of all lines are reported
    /// (up to <see cref="F:Backprop.Functional.Language.Binder.MaxErrors"/>), in line order.
    /// O(size of the file) time and memory, iterative at any nesting depth.
    /// </summary>
    let bind (source: SourceText) : Result<Binding[], Diagnostic list> =
        let file = source.File
        let bindings = ResizeArray<Binding>()
        let byName = Dictionary<string, Binding>()
        let errors = ResizeArray<Diagnostic>()
        // Unknown names are only explained once every name of the file is known (it may be bound later).
        let unknownNames = ResizeArray<int * string>()
        // Names whose line failed: their shape is unknown, so a later use of one is not checked
        // again (it would only add a second, misleading error such as a shape mismatch).
        let failed = HashSet<string>()
        let mutable line = 1

        let report position message =
            errors.Add(Diagnostic.error file position (source.Line position.Line) message)

        let lookup (name: string) (position: Position) =
            match byName.TryGetValue name with
            | true, _ when failed.Contains name -> None
            | true, b -> Some b.Bound
            | _ ->
                unknownNames.Add(errors.Count, name)
                report position $"unknown name '{name}'"
                None

        while line <= source.LineCount && errors.Count < MaxErrors do
            match Parser.parseLine line (source.Line line) with
            | Error(column, message) ->
                report { Line = line; Column = column } message

                // The name of a line with a syntax error still counts as bound, so that later lines
                // using it do not report a second, misleading error.
                match declaredName (source.Line line) with
                | Some name when not (byName.ContainsKey name) ->
                    failed.Add name |> ignore

                    byName.Add(
                        name,
                        {
                            Name = name
                            Bound = Scalar(Expr.constant nan)
                            Kind = Computed
                            Position = { Line = line; Column = 1 }
                            Index = -1
                        }
                    )
                | _ -> ()
            | Ok None -> ()
            | Ok(Some statement) ->
                match byName.TryGetValue statement.Name with
                | true, first -> errors.Add(boundTwice source statement first)
                | _ ->
                    let bound =
                        match statement.Value with
                        | Literal value -> Some(Scalar(Expr.var statement.Name), Leaf value)
                        | RightHandSide.Alias(target, position) ->
                            lookup target position
                            |> Option.map (fun b ->
                                let named =
                                    match b with
                                    | Shaped t -> Shaped(Tensor.named statement.Name t)
                                    | scalar -> scalar

                                named, BindingKind.Alias target)
                        | TensorLiteral postfix ->
                            // Brackets of numbers always build a vector or matrix of constants.
                            match build lookup report postfix with
                            | Some(Shaped literal) -> Some(tensorLeaf statement.Name literal)
                            | other -> other |> Option.map (fun b -> b, Computed)
                        | Expression postfix ->
                            build lookup report postfix
                            |> Option.map (fun b ->
                                // Named, so that later shape errors say `z has 3 elements`.
                                let named =
                                    match b with
                                    | Shaped t -> Shaped(Tensor.named statement.Name t)
                                    | scalar -> scalar

                                named, Computed)

                    // A binding whose right side failed still gets its name, so that later lines
                    // using it do not report a second, misleading error.
                    if bound.IsNone then
                        failed.Add statement.Name |> ignore

                    let bound, kind = defaultArg bound (Scalar(Expr.constant nan), Computed)

                    let binding = {
                        Name = statement.Name
                        Bound = bound
                        Kind = kind
                        Position = statement.Position
                        Index = bindings.Count
                    }

                    byName.Add(statement.Name, binding)
                    bindings.Add binding

            line <- line + 1

        if errors.Count = 0 then
            Ok(bindings.ToArray())
        else
            let explained =
                errors
                |> Seq.mapi (fun index d ->
                    match unknownNames |> Seq.tryFind (fun (i, _) -> i = index) with
                    | Some(_, name) ->
                        // Binding goes on after errors, so every name bound later is known by now.
                        match byName.TryGetValue name with
                        | true, b when b.Position.Line > d.Position.Line ->
                            let later = b.Position.Line

                            {
                                d with
                                    Message =
                                        $"unknown name '{name}': it is bound later, on line {later}; a name must be bound before it is used"
                            }
                        | _ -> d
                    | None -> d)
                |> List.ofSeq

            let truncated =
                if line <= source.LineCount then
                    [
                        Diagnostic.fileError file $"too many errors; stopped after {MaxErrors}, at line {line - 1}"
                        |> fun d -> { d with Severity = Severity.Note }
                    ]
                else
                    []

            Error(explained @ truncated)
