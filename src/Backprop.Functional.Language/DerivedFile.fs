namespace Backprop.Functional.Language

open System
open System.Collections.Generic
open System.Text
open Backprop.Functional

/// A derivative to write into a derived file: the name of its binding and its expression.
type DerivedBinding = {
    /// The name it is bound to, such as <c>dL_da</c>.
    Name: string
    /// The derivative, an expression sharing the file's nodes.
    Expr: Expr
}

/// <summary>
/// Writes derivatives as <c>.bp</c> text after the lines of the file they were taken from, with
/// sharing kept: a node of a derivative that is a binding of the file (or an element of one) is
/// written as that name; a node used more than once, or whose text would be long, is bound once to
/// a fresh name and referred to by it. The text is linear in the size of the derivatives' graph.
/// </summary>
/// <remarks>
/// Fresh names are <c>_t1</c>, <c>_t2</c>, … with one more leading underscore than any name of the
/// file or of the derivatives starts with, so they cannot collide. Iterative at any depth.
/// </remarks>
[<RequireQualifiedAccess>]
module DerivedFile =

    /// A single-use subexpression longer than this many characters gets a name of its own.
    [<Literal>]
    let MaxInlineLength = 100

    /// <summary><c>w[0]</c> as part of a derived name: <c>w_0</c>; <c>W[1,0]</c>: <c>W_1_0</c>.</summary>
    let namePart (variable: string) =
        variable.Replace(" ", "").Replace("[", "_").Replace(",", "_").Replace("]", "")

    /// <summary>The name of the first derivative of <paramref name="output"/>: <c>dL_da</c>.</summary>
    let firstName (output: string) (leaf: string) = $"d{output}_d{namePart leaf}"

    /// <summary>The name of a second derivative: <c>d2L_da_db</c>.</summary>
    let secondName (output: string) (a: string) (b: string) =
        $"d2{output}_d{namePart a}_d{namePart b}"

    // Precedence of a rendered piece: what it can stand as an operand of.
    [<Literal>]
    let private Sum = 1

    [<Literal>]
    let private Product = 2

    [<Literal>]
    let private Unary = 3

    [<Literal>]
    let private Power = 4

    [<Literal>]
    let private Atom = 5

    /// A number as the language reads it back to the same double.
    let private constant (c: float) : struct (string * int) =
        if Double.IsNaN c then
            struct ("(1e999 - 1e999)", Atom)
        elif Double.IsPositiveInfinity c then
            struct ("1e999", Atom)
        elif Double.IsNegativeInfinity c then
            struct ("-1e999", Unary)
        elif Double.IsNegative c then
            struct ("-" + NumberText.roundTrip -c, Unary)
        else
            struct (NumberText.roundTrip c, Atom)

    let private leadingUnderscores (name: string) =
        let mutable k = 0

        while k < name.Length && name[k] = '_' do
            k <- k + 1

        k

    let private isMinusOne (e: Expr) =
        match e.Node with
        | Const c -> c = -1.0
        | _ -> false

    /// <summary>
    /// The file's own lines, then a comment (a line starting with <c>#</c>) and the derivatives, one binding each, as one text.
    /// Errors: a derived name the file already uses (a binding or a function), two derivatives of
    /// one name, or a text beyond the language's input limits (a line over
    /// <c>SourceText.MaxLineLength</c>, or over <c>ExpressionFile.MaxInputBytes</c> in all).
    /// </summary>
    let writeWithLimits
        (maxLineLength: int)
        (maxBytes: int64)
        (file: ExpressionFile)
        (comment: string)
        (derived: DerivedBinding list)
        : Result<string, Diagnostic> =
        let derivedArray = Array.ofList derived
        let taken = HashSet<string>()

        let collision =
            derivedArray
            |> Array.tryPick (fun d ->
                match file.TryFind d.Name, file.TryFindFunction d.Name with
                | Some b, _ ->
                    Some(
                        file.ErrorAt(
                            b,
                            $"'{d.Name}' is already bound here, and it is the name the derivative would be written as; rename this binding"
                        )
                    )
                | _, Some f ->
                    Some(
                        file.ErrorAt(
                            f,
                            $"'{d.Name}' is already a function here, and it is the name the derivative would be written as; rename this function"
                        )
                    )
                | None, None when not (taken.Add d.Name) ->
                    Some(
                        Diagnostic.fileError
                            file.File
                            $"two derivatives would both be named '{d.Name}' (leaf names such as w_0 and w[0] write alike); rename a leaf"
                    )
                | _ -> None)

        match collision with
        | Some problem -> Error problem
        | None when derivedArray.Length = 0 -> Error(Diagnostic.fileError file.File "there are no derivatives to write")
        | None ->
            // The name of every node the file binds, the first binding of it winning (an alias's
            // target is bound first).
            let named = Dictionary<int64, string>()

            for b in file.Bindings do
                let elements = b.Elements

                for k in 0 .. elements.Count - 1 do
                    named.TryAdd(elements[k].Id, b.ElementName k) |> ignore

            let underscores =
                Seq.concat [
                    file.Bindings |> Seq.map _.Name
                    file.Functions |> Seq.map _.Name
                    derivedArray |> Seq.map _.Name
                ]
                |> Seq.fold (fun k name -> max k (leadingUnderscores name)) 0

            let freshPrefix = String('_', underscores + 1) + "t"
            let mutable fresh = 0

            let roots = derivedArray |> Array.map _.Expr
            let graph = Graph.ofRoots roots[0] roots
            let nodes = graph.Nodes
            let n = nodes.Count
            let indexOf (e: Expr) = (graph.TryIndexOf e).Value

            // Written out rather than referred to: constants and variables are short and need no
            // binding; the file's names stand for themselves.
            let isTerminal (e: Expr) =
                named.ContainsKey e.Id || e.Operation.Arity = 0

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

            let text = StringBuilder()
            let mutable tooLong: Diagnostic option = None

            let appendLine (line: string) =
                if tooLong.IsNone then
                    if line.Length > maxLineLength then
                        tooLong <-
                            Some(
                                Diagnostic.fileError
                                    file.File
                                    $"the derived file would have a line of {line.Length:N0} characters, more than the language's limit of {maxLineLength:N0}; derive fewer leaves with --wrt, or shorten the file's names"
                            )
                    elif int64 text.Length + int64 line.Length + 1L > maxBytes then
                        tooLong <-
                            Some(
                                Diagnostic.fileError
                                    file.File
                                    $"the derived file would be larger than the language's input limit of {maxBytes:N0} bytes; derive fewer leaves with --wrt"
                            )
                    else
                        text.Append(line).Append('\n') |> ignore

            // The file's lines as written, without trailing blank lines.
            let source = file.Source
            let mutable last = source.LineCount

            while last > 0 && String.IsNullOrWhiteSpace(source.Line last) do
                last <- last - 1

            for line in 1..last do
                appendLine (source.Line line)

            // Counted in UTF-8 bytes for the original part: comments may hold any character.
            let originalBytes = int64 (Encoding.UTF8.GetByteCount(text.ToString()))
            let extraBytes = originalBytes - int64 text.Length

            appendLine ""
            appendLine comment

            // Each reached operation's text, its precedence, and for (-1)·x the text of x.
            let pieces = Array.zeroCreate<string> n
            let precedences = Array.zeroCreate<int> n
            let negatedPieces = Array.zeroCreate<string> n
            let negatedPrecedences = Array.zeroCreate<int> n
            let references = Array.zeroCreate<string> n

            let reference (e: Expr) : struct (string * int) =
                match named.TryGetValue e.Id with
                | true, name -> struct (name, Atom)
                | _ ->
                    match e.Node with
                    | Const c -> constant c
                    | Var name -> struct (name, Atom)
                    | _ ->
                        let i = indexOf e

                        match references[i] with
                        | null -> struct (pieces[i], precedences[i])
                        | name -> struct (name, Atom)

            let operand (minimum: int) (struct (piece: string, precedence: int)) =
                if precedence >= minimum then piece else "(" + piece + ")"

            for i in 0 .. n - 1 do
                let node = nodes[i]

                if reached[i] && not (isTerminal node) then
                    let operation = node.Operation
                    let children = node.Children

                    let struct (piece, precedence) =
                        match operation.Notation with
                        | Notation.Infix "+" ->
                            let b = children[1]
                            let left = operand Sum (reference children[0])

                            match b.Node with
                            | Mul(m, _) when
                                isMinusOne m && not (named.ContainsKey b.Id) && isNull references[indexOf b]
                                ->
                                let k = indexOf b
                                let right = negatedPieces[k]
                                let right = operand Product (struct (right, negatedPrecedences[k]))
                                struct (left + " - " + right, Sum)
                            | _ -> struct (left + " + " + operand Product (reference b), Sum)
                        | Notation.Infix "*" when isMinusOne children[0] ->
                            let struct (x, p) = reference children[1]
                            negatedPieces[i] <- x
                            negatedPrecedences[i] <- p
                            let inner = operand Unary (struct (x, p))
                            let inner = if inner.StartsWith "-" then " " + inner else inner
                            struct ("-" + inner, Unary)
                        | Notation.Infix "*" ->
                            struct (operand Product (reference children[0])
                                    + " * "
                                    + operand Unary (reference children[1]),
                                    Product)
                        | Notation.Infix symbol ->
                            struct (operand Atom (reference children[0])
                                    + " "
                                    + symbol
                                    + " "
                                    + operand Unary (reference children[1]),
                                    Power)
                        | Notation.Call name ->
                            let arguments = [
                                for k in 0 .. operation.Arity - 1 ->
                                    let struct (a, _) = reference children[k]
                                    a
                            ]

                            struct (name + "(" + String.Join(", ", arguments) + ")", Atom)
                        | Notation.Leaf -> invalidOp "a leaf is never written as an operation"

                    pieces[i] <- piece
                    precedences[i] <- precedence

                    let shared = uses[i] > 1 || (uses[i] >= 1 && rootUses[i] >= 1)
                    let long = rootUses[i] = 0 && piece.Length > MaxInlineLength

                    if shared || long then
                        fresh <- fresh + 1
                        let name = freshPrefix + string fresh
                        appendLine (name + " = " + piece)
                        references[i] <- name
                        pieces[i] <- null

                    // The pieces of the operands are used once, here (a shared one has a name).
                    for child in children do
                        if not (isTerminal child) then
                            let c = indexOf child

                            if uses[c] = 1 && rootUses[c] = 0 then
                                pieces[c] <- null

            // The derivatives, in the order given; a derivative equal to an earlier one refers to it.
            let firstRootName = Dictionary<int, string>()

            for d in derivedArray do
                let e = d.Expr

                let right =
                    match named.TryGetValue e.Id with
                    | true, name -> name
                    | _ ->
                        match e.Node with
                        | Const c ->
                            // A bare number would make the binding a leaf, an input: keep it computed.
                            let struct (piece, _) = constant c
                            "(" + piece + ")"
                        | Var name -> name
                        | _ ->
                            let i = indexOf e

                            match firstRootName.TryGetValue i with
                            | true, earlier -> earlier
                            | _ ->
                                firstRootName[i] <- d.Name

                                match references[i] with
                                | null -> pieces[i]
                                | name -> name

                appendLine (d.Name + " = " + right)

            match tooLong with
            | Some problem -> Error problem
            | None when int64 text.Length + extraBytes > maxBytes ->
                Error(
                    Diagnostic.fileError
                        file.File
                        $"the derived file would be larger than the language's input limit of {maxBytes:N0} bytes; derive fewer leaves with --wrt"
                )
            | None -> Ok(text.ToString())

    /// <summary>
    /// <c>writeWithLimits</c> with the
    /// language's own limits: a line of <c>SourceText.MaxLineLength</c> characters, an input of
    /// <c>ExpressionFile.MaxInputBytes</c>.
    /// </summary>
    let write (file: ExpressionFile) (comment: string) (derived: DerivedBinding list) : Result<string, Diagnostic> =
        writeWithLimits SourceText.MaxLineLength ExpressionFile.MaxInputBytes file comment derived
