namespace Backprop.Functional.Language

open System.Collections.Generic
open Backprop.Functional

/// <summary>
/// A piece of rendered text and its precedence: what it can stand as an operand of without
/// parentheses (<see cref="T:Backprop.Functional.Language.Precedence"/>).
/// </summary>
[<Struct>]
type Piece = { Text: string; Precedence: int }

/// Precedence levels of rendered pieces, loosest first.
[<RequireQualifiedAccess>]
module Precedence =
    /// <c>a + b</c>, <c>a - b</c>.
    [<Literal>]
    let Sum = 1

    /// <c>a * b</c>.
    [<Literal>]
    let Product = 2

    /// <c>-a</c>.
    [<Literal>]
    let Unary = 3

    /// <c>a ** b</c>.
    [<Literal>]
    let Power = 4

    /// A name, a number, a call: never needs parentheses.
    [<Literal>]
    let Atom = 5

/// <summary>
/// How a language writes numbers and operations: the one thing that differs between a derived
/// <c>.bp</c> file, F#, C# and LaTeX. The shape of the text (which nodes get a name, how
/// negations and differences are spotted) is <see cref="M:Backprop.Functional.Language.GraphText.render"/>'s.
/// </summary>
type Dialect =
    /// A number, read back as the same double.
    abstract Constant: value: float -> Piece
    /// An operation applied to the pieces of its children (a constant exponent included).
    abstract Apply: operation: Operation * operands: Piece[] -> Piece
    /// <c>-x</c>.
    abstract Negate: operand: Piece -> Piece
    /// <c>a - b</c>.
    abstract Subtract: left: Piece * right: Piece -> Piece

/// <summary>
/// Writes a DAG of expressions as a sequence of named lines with its sharing kept: a node used
/// more than once, or whose text would be long, is bound once to a fresh name and referred to by
/// it. Linear in the size of the graph, iterative at any depth.
/// </summary>
[<RequireQualifiedAccess>]
module GraphText =

    /// A single-use subexpression longer than this many characters gets a name of its own.
    [<Literal>]
    let MaxInlineLength = 100

    /// <summary>The piece itself if it binds at least as tightly as <paramref name="minimum"/>, else in parentheses.</summary>
    let operand (minimum: int) (piece: Piece) =
        if piece.Precedence >= minimum then
            piece.Text
        else
            "(" + piece.Text + ")"

    /// A piece of text with its precedence.
    let piece (precedence: int) (text: string) = { Text = text; Precedence = precedence }

    /// <c>a + b</c> or <c>a - b</c>, left-associative: the right operand is parenthesised unless it is a product or tighter.
    let sum (a: Piece) (separator: string) (b: Piece) =
        piece Precedence.Sum (operand Precedence.Sum a + separator + operand Precedence.Product b)

    /// <c>a * b</c> or <c>a / b</c>, left-associative.
    let product (a: Piece) (separator: string) (b: Piece) =
        piece Precedence.Product (operand Precedence.Product a + separator + operand Precedence.Unary b)

    /// <c>-x</c>, with a space before a second minus (<c>- -x</c>), which would otherwise read as one token.
    let negation (x: Piece) =
        let inner = operand Precedence.Unary x
        let inner = if inner.StartsWith "-" then " " + inner else inner
        piece Precedence.Unary ("-" + inner)

    let private isMinusOne (e: Expr) =
        match e.Node with
        | Const c -> c = -1.0
        | _ -> false

    /// <summary>
    /// Writes the nodes the roots need, in topological order, and returns how to refer to each root.
    /// <paramref name="terminal"/> gives the text of a node written as itself, its operands not
    /// rendered (a name of the file, a leaf); constants and variables not named there are written
    /// by the dialect and by their name. <paramref name="boundName"/> gives the name a node must
    /// be bound to when it is written (a binding of the file). <paramref name="bind"/> receives
    /// each binding written, name and text; <paramref name="freshName"/> makes the names of
    /// shared and long pieces.
    /// </summary>
    let render
        (dialect: Dialect)
        (roots: Expr[])
        (terminal: Expr -> string voption)
        (boundName: Expr -> string voption)
        (bind: string -> Piece -> unit)
        (freshName: unit -> string)
        : Piece[] =
        let graph = Graph.ofRoots roots[0] roots
        let nodes = graph.Nodes
        let n = nodes.Count
        let indexOf (e: Expr) = (graph.TryIndexOf e).Value

        let isTerminal (e: Expr) =
            e.Operation.Arity = 0 || (terminal e).IsSome

        let reached = Array.zeroCreate<bool> n
        let uses = Array.zeroCreate<int> n
        let rootUses = Array.zeroCreate<int> n

        for r in roots do
            let i = indexOf r
            reached[i] <- true
            rootUses[i] <- rootUses[i] + 1

        for i in n - 1 .. -1 .. 0 do
            if reached[i] && not (isTerminal nodes[i]) then
                for child in nodes[i].Children do
                    let c = indexOf child
                    reached[c] <- true
                    uses[c] <- uses[c] + 1

        // Each reached operation's piece, and for (-1)·x the piece of x; a bound node's name.
        let pieces = Array.zeroCreate<Piece> n
        let negated = Array.zeroCreate<Piece> n
        let names = Array.zeroCreate<string> n

        let reference (e: Expr) : Piece =
            match terminal e with
            | ValueSome text -> piece Precedence.Atom text
            | ValueNone ->
                match e.Node with
                | Const c -> dialect.Constant c
                | Var name -> piece Precedence.Atom name
                | _ ->
                    let i = indexOf e

                    match names[i] with
                    | null -> pieces[i]
                    | name -> piece Precedence.Atom name

        for i in 0 .. n - 1 do
            let node = nodes[i]

            if reached[i] && not (isTerminal node) then
                let operation = node.Operation
                let children = node.Children

                let written =
                    if operation = Operation.add then
                        let b = children[1]
                        let left = reference children[0]

                        let isNegation =
                            match b.Node with
                            | Mul(m, _) -> isMinusOne m
                            | Neg _ -> true
                            | _ -> false

                        if isNegation && (terminal b).IsNone && isNull names[indexOf b] then
                            dialect.Subtract(left, negated[indexOf b])
                        else
                            dialect.Apply(operation, [| left; reference b |])
                    elif operation = Operation.sub then
                        dialect.Subtract(reference children[0], reference children[1])
                    elif operation = Operation.neg then
                        let x = reference children[0]
                        negated[i] <- x
                        dialect.Negate x
                    elif operation = Operation.mul && isMinusOne children[0] then
                        let x = reference children[1]
                        negated[i] <- x
                        dialect.Negate x
                    else
                        dialect.Apply(operation, Array.init children.Count (fun k -> reference children[k]))

                pieces[i] <- written

                let name =
                    match boundName node with
                    | ValueSome name -> name
                    | ValueNone ->
                        let shared = uses[i] > 1 || (uses[i] >= 1 && rootUses[i] >= 1)
                        let long = rootUses[i] = 0 && written.Text.Length > MaxInlineLength
                        if shared || long then freshName () else null

                if not (isNull name) then
                    bind name written
                    names[i] <- name
                    pieces[i] <- Unchecked.defaultof<Piece>

                // The pieces of the operands are used once, here (a shared one has a name).
                for child in children do
                    if not (isTerminal child) then
                        let c = indexOf child

                        if uses[c] = 1 && rootUses[c] = 0 then
                            pieces[c] <- Unchecked.defaultof<Piece>

        roots |> Array.map reference

    /// <summary>The name of every node a file binds (an element of a vector or matrix by <c>w[0]</c>), the first binding of a node winning.</summary>
    let fileNames (file: ExpressionFile) : Dictionary<int64, string> =
        let named = Dictionary<int64, string>()

        for b in file.Bindings do
            let elements = b.Elements

            for k in 0 .. elements.Count - 1 do
                named.TryAdd(elements[k].Id, b.ElementName k) |> ignore

        named
