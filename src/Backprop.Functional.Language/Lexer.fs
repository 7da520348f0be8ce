namespace Backprop.Functional.Language

open System
open System.Globalization

/// The kinds of token on a line.
type internal TokenKind =
    | NumberToken
    | NameToken
    | PlusToken
    | MinusToken
    | StarToken
    | SlashToken
    | PowerToken
    | OpenParen
    | CloseParen
    | OpenBracket
    | CloseBracket
    | AtToken
    | Comma
    | Equals
    | EndOfLine

/// A token: its kind, where it starts (0-based within the line), its text and, for numbers, its value.
[<Struct>]
type internal Token = {
    Kind: TokenKind
    Column: int
    Text: string
    Value: float
}

/// Splits one line into tokens. A line is lexed on its own, so an error never spans lines.
module internal Lexer =

    /// How a token is named in an error message.
    let describe (token: Token) =
        match token.Kind with
        | NumberToken -> $"number '{token.Text}'"
        | NameToken -> $"name '{token.Text}'"
        | EndOfLine -> "the end of the line"
        | _ -> $"'{token.Text}'"

    let private isNameStart c =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c = '_'

    let private isNamePart c = isNameStart c || Char.IsAsciiDigit c

    let private describeCharacter (c: char) =
        if Char.IsControl c || Char.IsWhiteSpace c || Char.IsSurrogate c then
            $"U+{int c:X4}"
        else
            $"'{c}'"

    /// <summary>
    /// The tokens of <paramref name="line"/> (text without its line ending), ending with
    /// <c>EndOfLine</c>; a <c>#</c> starts a comment to the end of the line. Errors carry the
    /// 1-based column. O(length of the line). <paramref name="tokens"/> is a work list, cleared
    /// first: one kept for every line of a file spares each line a list of its own.
    /// </summary>
    let tokenizeInto (tokens: ResizeArray<Token>) (line: string) : Result<Token[], int * string> =
        tokens.Clear()
        let mutable i = 0
        let mutable error = None

        // The text of a symbol is a constant: only names and numbers take a substring of the line.
        let add kind start (text: string) =
            tokens.Add {
                Kind = kind
                Column = start
                Text = text
                Value = 0.0
            }

        let digits from =
            let mutable j = from

            while j < line.Length && Char.IsAsciiDigit line[j] do
                j <- j + 1

            j

        while error.IsNone && i < line.Length do
            let c = line[i]

            if c = '#' then
                i <- line.Length
            elif c = ' ' || c = '\t' then
                i <- i + 1
            elif
                Char.IsAsciiDigit c
                || (c = '.' && i + 1 < line.Length && Char.IsAsciiDigit line[i + 1])
            then
                // digits [. digits] [(e|E) [+|-] digits], or . digits [exponent]
                let start = i
                let mutable j = digits i

                if j < line.Length && line[j] = '.' then
                    j <- digits (j + 1)

                if j < line.Length && (line[j] = 'e' || line[j] = 'E') then
                    let exponentStart =
                        if j + 1 < line.Length && (line[j + 1] = '+' || line[j + 1] = '-') then
                            j + 2
                        else
                            j + 1

                    let exponentEnd = digits exponentStart

                    if exponentEnd = exponentStart then
                        error <-
                            Some(
                                exponentStart + 1,
                                $"malformed number '{line.Substring(start, exponentStart - start)}': expected digits after the exponent"
                            )

                    j <- exponentEnd

                if error.IsNone then
                    let text = line.Substring(start, j - start)

                    tokens.Add {
                        Kind = NumberToken
                        Column = start
                        Text = text
                        Value = Double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)
                    }

                    i <- j
            elif isNameStart c then
                let start = i

                while i < line.Length && isNamePart line[i] do
                    i <- i + 1

                add NameToken start (line.Substring(start, i - start))
            else
                match c with
                | '+' -> add PlusToken i "+"
                | '-' -> add MinusToken i "-"
                | '*' when i + 1 < line.Length && line[i + 1] = '*' -> add PowerToken i "**"
                | '*' -> add StarToken i "*"
                | '^' -> add PowerToken i "^"
                | '/' -> add SlashToken i "/"
                | '(' -> add OpenParen i "("
                | ')' -> add CloseParen i ")"
                | '[' -> add OpenBracket i "["
                | ']' -> add CloseBracket i "]"
                | '@' -> add AtToken i "@"
                | ',' -> add Comma i ","
                | '=' -> add Equals i "="
                | _ -> error <- Some(i + 1, $"unexpected character {describeCharacter c}")

                if error.IsNone then
                    i <- i + tokens[tokens.Count - 1].Text.Length

        match error with
        | Some e -> Error e
        | None ->
            tokens.Add {
                Kind = EndOfLine
                Column = line.Length
                Text = ""
                Value = 0.0
            }

            Ok(tokens.ToArray())

    /// <summary>
    /// The tokens of <paramref name="line"/>, as <c>tokenizeInto</c> gives them, in a list of its own.
    /// </summary>
    let tokenize (line: string) : Result<Token[], int * string> = tokenizeInto (ResizeArray()) line
