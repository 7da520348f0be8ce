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

/// <summary>One named binding of an expression file, bound to a core expression.</summary>
type Binding = {
    /// The bound name.
    Name: string
    /// The expression the name stands for. A leaf is <c>Expr.var Name</c>; an alias is the very
    /// expression of its target (the same node, so the same value and gradient).
    Expr: Expr
    /// Leaf, alias or computed.
    Kind: BindingKind
    /// Where the name is written.
    Position: Position
    /// The place of the binding in the file, counting from 0.
    Index: int
} with

    /// Whether this binding is an input of the computation.
    member this.IsLeaf =
        match this.Kind with
        | Leaf _ -> true
        | _ -> false

    /// The value written in the file for a leaf; <c>None</c> for every other binding.
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
    /// Folds a postfix expression into a core expression with a stack of operands: no recursion,
    /// whatever the nesting. Names resolve through <paramref name="lookup"/>, which reports unknown
    /// ones; unknown functions and wrong argument counts go to <paramref name="report"/>.
    /// </summary>
    let private build
        (lookup: string -> Position -> Expr option)
        (report: Position -> string -> unit)
        (postfix: PostfixItem[])
        : Expr option =
        let operands = Stack<Expr>()
        let mutable ok = true
        let mutable i = 0

        while ok && i < postfix.Length do
            match postfix[i] with
            | Number(value, _) -> operands.Push(Expr.constant value)
            | Name(name, position) ->
                match lookup name position with
                | Some e -> operands.Push e
                | None -> ok <- false
            | Negate _ -> operands.Push(-operands.Pop())
            | Binary(op, _) ->
                let b = operands.Pop()
                let a = operands.Pop()

                operands.Push(
                    match op with
                    | Plus -> a + b
                    | Minus -> a - b
                    | Times -> a * b
                    | Divide -> a / b
                    | Power -> Expr.pow a b
                )
            | Call(name, count, position) ->
                match Functions.tryFind name with
                | None ->
                    report position $"unknown function '{name}'; the functions are {Functions.names}"
                    ok <- false
                | Some f when f.Arity <> count ->
                    report position $"'{name}' takes {arguments f.Arity}, but {count} {verb count} given"
                    ok <- false
                | Some f ->
                    let args = Array.zeroCreate count

                    for k in count - 1 .. -1 .. 0 do
                        args[k] <- operands.Pop()

                    operands.Push(f.Build args)

            i <- i + 1

        if ok then Some(operands.Pop()) else None

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
        let mutable line = 1

        let report position message =
            errors.Add(Diagnostic.error file position (source.Line position.Line) message)

        let lookup (name: string) (position: Position) =
            match byName.TryGetValue name with
            | true, b -> Some b.Expr
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
                    byName.Add(
                        name,
                        {
                            Name = name
                            Expr = Expr.constant nan
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
                        | Literal value -> Some(Expr.var statement.Name, Leaf value)
                        | RightHandSide.Alias(target, position) ->
                            lookup target position |> Option.map (fun e -> e, BindingKind.Alias target)
                        | Expression postfix -> build lookup report postfix |> Option.map (fun e -> e, Computed)

                    // A binding whose right side failed still gets its name, so that later lines
                    // using it do not report a second, misleading error.
                    let expr, kind = defaultArg bound (Expr.constant nan, Computed)

                    let binding = {
                        Name = statement.Name
                        Expr = expr
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
