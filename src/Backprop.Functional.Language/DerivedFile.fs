namespace Backprop.Functional.Language

open System
open System.Collections.Generic
open System.Text
open Backprop.Functional

/// A derivative to write into a derived file: the name of its binding and its expression.
type DerivedBinding = {
    /// The name it is bound to, such as <c>dL_da</c>.
    Name: string
    /// The leaves it is taken with respect to, in order: one for a first derivative, two for a second.
    Wrt: string list
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

    /// <summary><c>w[0]</c> as part of a derived name: <c>w_0</c>; <c>W[1,0]</c>: <c>W_1_0</c>.</summary>
    let namePart (variable: string) =
        variable.Replace(" ", "").Replace("[", "_").Replace(",", "_").Replace("]", "")

    /// <summary>The name of the first derivative of <paramref name="output"/>: <c>dL_da</c>.</summary>
    let firstName (output: string) (leaf: string) = $"d{output}_d{namePart leaf}"

    /// <summary>The name of a second derivative: <c>d2L_da_db</c>.</summary>
    let secondName (output: string) (a: string) (b: string) =
        $"d2{output}_d{namePart a}_d{namePart b}"

    /// <summary>The first derivative of <paramref name="output"/> in <paramref name="leaf"/>, named <c>dL_da</c>.</summary>
    let first (output: string) (leaf: string) (derivative: Expr) = {
        Name = firstName output leaf
        Wrt = [ leaf ]
        Expr = derivative
    }

    /// <summary>The second derivative of <paramref name="output"/> in a, then b, named <c>d2L_da_db</c>.</summary>
    let second (output: string) (a: string) (b: string) (derivative: Expr) = {
        Name = secondName output a b
        Wrt = [ a; b ]
        Expr = derivative
    }

    /// A number as the language reads it back to the same double.
    let private constant (c: float) : Piece =
        if Double.IsNaN c then
            GraphText.piece Precedence.Atom "(1e999 - 1e999)"
        elif Double.IsPositiveInfinity c then
            GraphText.piece Precedence.Atom "1e999"
        elif Double.IsNegativeInfinity c then
            GraphText.piece Precedence.Unary "-1e999"
        elif Double.IsNegative c then
            GraphText.piece Precedence.Unary ("-" + NumberText.roundTrip -c)
        else
            GraphText.piece Precedence.Atom (NumberText.roundTrip c)

    /// The language's own notation: <c>a * b</c>, <c>a ** b</c>, <c>tanh(a)</c>.
    let dialect =
        { new Dialect with
            member _.Constant c = constant c

            member _.Apply(operation, operands) =
                match operation.Notation with
                | Notation.Infix "*" -> GraphText.product operands[0] " * " operands[1]
                | Notation.Infix "/" -> GraphText.product operands[0] " / " operands[1]
                | Notation.Infix "+" -> GraphText.sum operands[0] " + " operands[1]
                | Notation.Infix symbol ->
                    GraphText.piece
                        Precedence.Power
                        (GraphText.operand Precedence.Atom operands[0]
                         + " "
                         + symbol
                         + " "
                         + GraphText.operand Precedence.Unary operands[1])
                | Notation.Call name ->
                    let arguments = operands |> Array.map _.Text
                    GraphText.piece Precedence.Atom (name + "(" + String.Join(", ", arguments) + ")")
                | Notation.Prefix _ -> GraphText.negation operands[0]
                | Notation.Leaf -> invalidOp "a leaf is never written as an operation"

            member _.Negate x = GraphText.negation x

            member _.Subtract(a, b) = GraphText.sum a " - " b
        }

    let private leadingUnderscores (name: string) =
        let mutable k = 0

        while k < name.Length && name[k] = '_' do
            k <- k + 1

        k

    /// <summary>
    /// Why the derivatives cannot be written under their names, if they cannot: a name the file
    /// already uses (a binding or a function), two derivatives of one name, or no derivative at all.
    /// </summary>
    let nameProblem (file: ExpressionFile) (derived: DerivedBinding[]) : Diagnostic option =
        let taken = HashSet<string>()

        let collision =
            derived
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
        | None when derived.Length = 0 -> Some(Diagnostic.fileError file.File "there are no derivatives to write")
        | problem -> problem

    /// <summary>
    /// The start of fresh names (<c>_t</c>, or <c>__t</c> and so on): one more leading underscore
    /// than any name of the file or of the derivatives starts with, so no fresh name collides.
    /// </summary>
    let freshPrefix (file: ExpressionFile) (derived: DerivedBinding[]) =
        let underscores =
            Seq.concat [
                file.Bindings |> Seq.map _.Name
                file.Functions |> Seq.map _.Name
                derived |> Seq.map _.Name
            ]
            |> Seq.fold (fun k name -> max k (leadingUnderscores name)) 0

        String('_', underscores + 1) + "t"

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

        match nameProblem file derivedArray with
        | Some problem -> Error problem
        | None ->
            let named = GraphText.fileNames file

            let freshPrefix = freshPrefix file derivedArray
            let mutable fresh = 0

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

            // The file's names stand for themselves: their lines are already written.
            let terminal (e: Expr) =
                match named.TryGetValue e.Id with
                | true, name -> ValueSome name
                | _ -> ValueNone

            let references =
                GraphText.render
                    dialect
                    (derivedArray |> Array.map _.Expr)
                    terminal
                    (fun _ -> ValueNone)
                    (fun name piece -> appendLine (name + " = " + piece.Text))
                    (fun () ->
                        fresh <- fresh + 1
                        freshPrefix + string fresh)

            // The derivatives, in the order given; a derivative equal to an earlier one refers to it.
            let firstRootName = Dictionary<int64, string>()

            for d, reference in Array.zip derivedArray references do
                let e = d.Expr

                let right =
                    match e.Node with
                    | _ when named.ContainsKey e.Id -> reference.Text
                    | Const _ ->
                        // A bare number would make the binding a leaf, an input: keep it computed.
                        "(" + reference.Text + ")"
                    | Var _ -> reference.Text
                    | _ ->
                        match firstRootName.TryGetValue e.Id with
                        | true, earlier -> earlier
                        | _ ->
                            firstRootName[e.Id] <- d.Name
                            reference.Text

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
