namespace Backprop.Functional.Language

/// <summary>
/// An entry of the parser's operator stack. Cases share the fields of one name, so an entry is
/// as small as its largest case.
/// </summary>
[<Struct>]
type internal Pending =
    | PendingNegate of position: Position
    | PendingBinary of op: BinaryOperator * position: Position
    | PendingGroup of position: Position
    | PendingCall of name: string * commas: int * position: Position
    | PendingBrackets of commas: int * position: Position
    | PendingIndex of commas: int * position: Position

/// <summary>
/// The work lists of parsing a line, cleared and reused line after line: a file parsed with one
/// allocates only what its statements keep.
/// </summary>
[<Sealed>]
type internal LineScratch() =
    /// The tokens of the line.
    member val Tokens = TokenBuffer()
    /// The postfix output of the expression being parsed.
    member val Output = ResizeArray<PostfixItem>()
    /// The operator stack.
    member val Stack = System.Collections.Generic.Stack<Pending>()

/// <summary>
/// Parses one line into a <see cref="T:Backprop.Functional.Language.Statement"/>.
/// </summary>
/// <remarks>
/// The expression parser is operator-precedence parsing with explicit stacks (shunting-yard), so
/// nesting depth is limited only by memory, never by the call stack. The precedence table, loosest
/// to tightest, is SPEC §1's:
/// <code>
///   + -      2  left
///   * / @    3  left (@ is the matrix product, at the level of * as in Python)
///   unary -  4  prefix
///   ** ^     5  right (its right operand may start with unary minus: 2 ** -1)
/// </code>
/// Brackets in operand position are a vector or matrix literal <c>[a, b]</c>; after an operand
/// they index it, <c>v[0]</c>, binding tighter than any operator (as a call does).
/// </remarks>
module Parser =

    let private precedence =
        function
        | Plus
        | Minus -> 2
        | Times
        | Divide
        | MatrixProduct -> 3
        | Power -> 5

    [<Literal>]
    let private negatePrecedence = 4

    let private binaryOf (kind: TokenKind) =
        match kind with
        | PlusToken -> ValueSome Plus
        | MinusToken -> ValueSome Minus
        | StarToken -> ValueSome Times
        | SlashToken -> ValueSome Divide
        | PowerToken -> ValueSome Power
        | AtToken -> ValueSome MatrixProduct
        | _ -> ValueNone

    let private at (line: int) (token: Token) = {
        Line = line
        Column = token.Column + 1
    }

    /// A syntax error at a token.
    let private failure (token: Token) message = Some(token.Column + 1, message)

    /// Appends a pending operator to the postfix output (a frame adds nothing).
    let private emit (output: ResizeArray<PostfixItem>) (pending: Pending) =
        match pending with
        | PendingNegate p ->
            // A negated literal is a negative constant (`x + -3`), not a multiplication by -1.
            match output[output.Count - 1] with
            | Number(value, _) -> output[output.Count - 1] <- Number(-value, p)
            | _ -> output.Add(Negate p)
        | PendingBinary(op, p) -> output.Add(Binary(op, p))
        | PendingGroup _
        | PendingCall _
        | PendingBrackets _
        | PendingIndex _ -> ()

    let private precedenceOf =
        function
        | PendingNegate _ -> negatePrecedence
        | PendingBinary(op, _) -> precedence op
        | PendingGroup _
        | PendingCall _
        | PendingBrackets _
        | PendingIndex _ -> 0

    /// Where the opening parenthesis or bracket of a frame is, for messages about closing it.
    let private openingColumn =
        function
        | PendingCall(name, _, p) -> p.Column + name.Length
        | PendingGroup p
        | PendingNegate p
        | PendingBinary(_, p)
        | PendingBrackets(_, p)
        | PendingIndex(_, p) -> p.Column

    /// Emits pending operators until a group or call frame (which stays on the stack).
    let private popOperators (output: ResizeArray<PostfixItem>) (stack: System.Collections.Generic.Stack<Pending>) =
        while stack.Count > 0 && precedenceOf (stack.Peek()) > 0 do
            emit output (stack.Pop())

    /// Parses the right-hand side tokens[from..] (ending with EndOfLine) into postfix order.
    /// Nothing here is a closure: the loop's state stays in locals.
    let private parseExpression
        (scratch: LineScratch)
        (line: int)
        (tokens: Token[])
        (from: int)
        : Result<PostfixItem[], int * string> =
        let output = scratch.Output
        let stack = scratch.Stack
        output.Clear()
        stack.Clear()
        let mutable expectOperand = true
        let mutable i = from
        let mutable finished = false
        let mutable error = None


        while not finished && error.IsNone do
            let token = tokens[i]

            if expectOperand then
                match token.Kind with
                | NumberToken ->
                    output.Add(Number(token.Value, at line token))
                    expectOperand <- false
                    i <- i + 1
                | NameToken when tokens[i + 1].Kind = OpenParen ->
                    stack.Push(PendingCall(token.Text, 0, at line token))
                    i <- i + 2
                    // A call with no arguments is parsed so that the binder can report the arity.
                    if tokens[i].Kind = CloseParen then
                        stack.Pop() |> ignore
                        output.Add(Call(token.Text, 0, at line token))
                        expectOperand <- false
                        i <- i + 1
                | NameToken ->
                    output.Add(Name(token.Text, at line token))
                    expectOperand <- false
                    i <- i + 1
                | MinusToken ->
                    stack.Push(PendingNegate(at line token))
                    i <- i + 1
                | OpenParen ->
                    stack.Push(PendingGroup(at line token))
                    i <- i + 1
                | OpenBracket when tokens[i + 1].Kind = CloseBracket ->
                    error <- failure token "empty brackets: a vector needs at least one element, as in [1.0, 2.0]"
                | OpenBracket ->
                    stack.Push(PendingBrackets(0, at line token))
                    i <- i + 1
                | CloseParen when tokens[i - 1].Kind = OpenParen ->
                    error <- failure token "empty parentheses: expected an expression between '(' and ')'"
                | EndOfLine when i = from -> error <- failure token "expected an expression after '='"
                | _ ->
                    error <-
                        failure
                            token
                            $"expected a number, a name, '(' or '-' after '{tokens[i - 1].Text}', found {Lexer.describe token}"
            else
                match binaryOf token.Kind with
                | ValueSome op ->
                    let p = precedence op
                    // Left-associative operators first emit pending operators of equal precedence;
                    // the right-associative power does not.
                    while stack.Count > 0
                          && (let top = precedenceOf (stack.Peek())
                              top > p || (top = p && op <> Power)) do
                        emit output (stack.Pop())

                    stack.Push(PendingBinary(op, at line token))
                    expectOperand <- true
                    i <- i + 1
                | ValueNone ->
                    match token.Kind with
                    | OpenBracket when tokens[i + 1].Kind = CloseBracket ->
                        error <- failure token "empty index: expected an index between '[' and ']', as in v[0]"
                    | OpenBracket ->
                        // After an operand, brackets index it.
                        stack.Push(PendingIndex(0, at line token))
                        expectOperand <- true
                        i <- i + 1
                    | CloseParen ->
                        popOperators output stack

                        if stack.Count = 0 then
                            error <- failure token "unmatched ')': there is no '(' for it to close"
                        else
                            match stack.Pop() with
                            | PendingCall(name, commas, p) ->
                                output.Add(Call(name, commas + 1, p))
                                i <- i + 1
                            | PendingBrackets _
                            | PendingIndex _ as frame ->
                                error <-
                                    failure
                                        token
                                        $"')' cannot close the '[' at column {openingColumn frame}: expected ']'"
                            | _ -> i <- i + 1
                    | CloseBracket ->
                        popOperators output stack

                        if stack.Count = 0 then
                            error <- failure token "unmatched ']': there is no '[' for it to close"
                        else
                            match stack.Pop() with
                            | PendingBrackets(commas, p) ->
                                output.Add(Brackets(commas + 1, p))
                                i <- i + 1
                            | PendingIndex(commas, p) ->
                                output.Add(Index(commas + 1, p))
                                i <- i + 1
                            | frame ->
                                error <-
                                    failure
                                        token
                                        $"']' cannot close the '(' at column {openingColumn frame}: expected ')'"
                    | Comma ->
                        popOperators output stack

                        match
                            (if stack.Count > 0 then
                                 ValueSome(stack.Peek())
                             else
                                 ValueNone)
                        with
                        | ValueSome(PendingCall(name, commas, p)) ->
                            stack.Pop() |> ignore
                            stack.Push(PendingCall(name, commas + 1, p))
                            expectOperand <- true
                            i <- i + 1
                        | ValueSome(PendingBrackets(commas, p)) ->
                            stack.Pop() |> ignore
                            stack.Push(PendingBrackets(commas + 1, p))
                            expectOperand <- true
                            i <- i + 1
                        | ValueSome(PendingIndex(commas, p)) ->
                            stack.Pop() |> ignore
                            stack.Push(PendingIndex(commas + 1, p))
                            expectOperand <- true
                            i <- i + 1
                        | _ -> error <- failure token "',' outside the arguments of a function call"
                    | EndOfLine ->
                        popOperators output stack

                        if stack.Count = 0 then
                            finished <- true
                        else
                            // Only a group, call or bracket frame can be left: point at its opening.
                            let frame = stack.Peek()

                            let message =
                                match frame with
                                | PendingBrackets _
                                | PendingIndex _ -> "unclosed '[': this bracket is never closed"
                                | _ -> "unclosed '(': this parenthesis is never closed"

                            error <- Some(openingColumn frame, message)
                    | Equals -> error <- failure token "unexpected '=': a line holds one binding, NAME = EXPR"
                    | _ ->
                        error <-
                            failure
                                token
                                $"expected an operator or the end of the line after '{tokens[i - 1].Text}', found {Lexer.describe token}"

        match error with
        | Some e -> Error e
        | None -> Ok(output.ToArray())

    /// <summary>
    /// Whether tokens[2..] are only brackets of numeric literals, each optionally with one leading
    /// minus (<c>[2.0, -3.0]</c>): as for a scalar, only bare literals make an input.
    /// </summary>
    let private isNumbersInBrackets (tokens: Token[]) (postfix: PostfixItem[]) =
        let mutable ok = tokens[2].Kind = OpenBracket
        let mutable k = 2

        while ok && tokens[k].Kind <> EndOfLine do
            ok <-
                match tokens[k].Kind with
                | OpenBracket
                | CloseBracket
                | Comma
                | NumberToken -> true
                | MinusToken ->
                    tokens[k + 1].Kind = NumberToken
                    && (tokens[k - 1].Kind = OpenBracket || tokens[k - 1].Kind = Comma)
                | _ -> false

            k <- k + 1

        // `[1, 2][0]` has the same tokens as a literal but indexes one.
        ok
        && postfix
           |> Array.forall (function
               | Number _
               | Brackets _ -> true
               | _ -> false)

    let private classify (line: int) (tokens: Token[]) (count: int) (postfix: PostfixItem[]) =
        // tokens[0 .. count - 1]: NAME = ... EndOfLine; the right-hand side starts at index 2.
        match count with
        | 4 when tokens[2].Kind = NumberToken -> Literal tokens[2].Value
        | 5 when tokens[2].Kind = MinusToken && tokens[3].Kind = NumberToken -> Literal -tokens[3].Value
        | 4 when tokens[2].Kind = NameToken -> Alias(tokens[2].Text, at line tokens[2])
        | _ when isNumbersInBrackets tokens postfix -> TensorLiteral postfix
        | _ -> Expression postfix

    [<Literal>]
    let private definitionForm = "(a function is defined as NAME(P1, P2, …) = EXPR)"

    /// <summary>
    /// The header <c>NAME(P1, P2, …) =</c> of a definition, then its body: tokens[0] is the name and
    /// tokens[1] the opening parenthesis. Parameters are names, at least one, each named once.
    /// </summary>
    let private parseDefinition
        (scratch: LineScratch)
        (line: int)
        (tokens: Token[])
        : Result<Statement option, int * string> =
        let name = tokens[0].Text
        let parameters = ResizeArray<string * Position>()
        let seen = System.Collections.Generic.HashSet<string>()
        let mutable k = 2
        let mutable error = None
        let mutable closed = false

        let unclosed () =
            error <- Some(tokens[1].Column + 1, "unclosed '(': this parenthesis is never closed")

        if tokens[2].Kind = CloseParen then
            error <-
                Some(
                    tokens[2].Column + 1,
                    $"'{name}' has no parameters: a function takes at least one, as in {name}(x) = EXPR; to name a value, bind it: {name} = EXPR"
                )

        while error.IsNone && not closed do
            let parameter = tokens[k]

            match parameter.Kind with
            | NameToken when not (seen.Add parameter.Text) ->
                error <-
                    Some(
                        parameter.Column + 1,
                        $"parameter '{parameter.Text}' is named twice in the definition of '{name}'; each parameter has a name of its own"
                    )
            | NameToken ->
                parameters.Add(parameter.Text, at line parameter)

                match tokens[k + 1].Kind with
                | Comma -> k <- k + 2
                | CloseParen ->
                    closed <- true
                    k <- k + 2
                | EndOfLine -> unclosed ()
                | _ ->
                    error <-
                        Some(
                            tokens[k + 1].Column + 1,
                            $"expected ',' or ')' after parameter '{parameter.Text}', found {Lexer.describe tokens[k + 1]} {definitionForm}"
                        )
            | EndOfLine -> unclosed ()
            | _ ->
                error <-
                    Some(
                        parameter.Column + 1,
                        $"expected a parameter name after '{tokens[k - 1].Text}', found {Lexer.describe parameter} {definitionForm}"
                    )

        match error with
        | Some e -> Error e
        | None when tokens[k].Kind <> Equals ->
            Error(
                tokens[k].Column + 1,
                $"expected '=' after '{name}(…)', found {Lexer.describe tokens[k]} {definitionForm}"
            )
        | None ->
            parseExpression scratch line tokens (k + 1)
            |> Result.map (fun body ->
                Some {
                    Name = name
                    Position = at line tokens[0]
                    Value = Definition(parameters.ToArray(), body)
                })

    /// <summary>
    /// <c>parseLine</c> with work lists kept from line to line (a file's lines share one
    /// <c>LineScratch</c>): the line is <paramref name="length"/> characters of
    /// <paramref name="text"/> from <paramref name="lineStart"/> on.
    /// </summary>
    let internal parseLineWith
        (scratch: LineScratch)
        (lineNumber: int)
        (text: string)
        (lineStart: int)
        (length: int)
        : Result<Statement option, int * string> =
        match Lexer.tokenizeInto scratch.Tokens text lineStart length with
        | Error e -> Error e
        | Ok() ->
            // The parser reads no further than the line's EndOfLine.
            let tokens = scratch.Tokens.Items
            let first = tokens[0]

            match first.Kind with
            | EndOfLine -> Ok None
            | NameToken when tokens[1].Kind = Equals ->
                match parseExpression scratch lineNumber tokens 2 with
                | Error e -> Error e
                | Ok postfix ->
                    Ok(
                        Some {
                            Name = first.Text
                            Position = at lineNumber first
                            Value = classify lineNumber tokens scratch.Tokens.Count postfix
                        }
                    )
            | NameToken when tokens[1].Kind = OpenParen -> parseDefinition scratch lineNumber tokens
            | NameToken ->
                Error(
                    tokens[1].Column + 1,
                    $"expected '=' after '{first.Text}', found {Lexer.describe tokens[1]} (a binding is NAME = EXPR)"
                )
            | _ ->
                Error(
                    first.Column + 1,
                    $"expected a name at the start of the line, found {Lexer.describe first} (a binding is NAME = EXPR)"
                )

    /// <summary>
    /// Parses one line (without its line ending): a binding <c>NAME = EXPR</c> or a definition
    /// <c>NAME(P1, P2, …) = EXPR</c>. <c>Ok None</c> for a blank or comment-only line;
    /// <c>Error (column, message)</c> for a syntax error. O(length of the line) at any nesting depth.
    /// </summary>
    let parseLine (lineNumber: int) (text: string) : Result<Statement option, int * string> =
        parseLineWith (LineScratch()) lineNumber text 0 text.Length
