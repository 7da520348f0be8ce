namespace Backprop.Functional.Language

open System
open System.Collections.Generic
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

/// <summary>
/// The names a file binds so far: a reference to one takes the binding's own string rather than
/// a new one.
/// </summary>
type internal IKnownNames =
    /// Whether the <paramref name="length"/> characters of <paramref name="text"/> from
    /// <paramref name="start"/> on are a known name; if so, its string.
    abstract TryFind: text: string * start: int * length: int * found: byref<string> -> bool

/// <summary>
/// A growable array of tokens kept from line to line: <c>Items[0 .. Count - 1]</c> are the current
/// line's, the last of them <c>EndOfLine</c>; entries after it are left over from longer lines.
/// </summary>
[<Sealed>]
type internal TokenBuffer() =
    let mutable items: Token[] = Array.zeroCreate 32
    let mutable count = 0
    // Names seen that are not known names (functions, parameters, unknown names), by their text.
    let others = Dictionary<string, string>()
    let othersByText = others.GetAlternateLookup<ReadOnlySpan<char>>()

    /// The names the file binds so far, if the caller knows them (null: none).
    member val Known: IKnownNames = Unchecked.defaultof<IKnownNames> with get, set

    /// <summary>
    /// The string of the name at <c>text[start .. start + length - 1]</c>: a known name's own, one
    /// seen on an earlier line, or, the first time, a new one. Each distinct name is one string
    /// however often it is written. The first name of a line is the name it binds or defines,
    /// new unless it is an error, so it is cut afresh without a look-up.
    /// </summary>
    member buffer.Name(text: string, start: int, length: int, first: bool) =
        let mutable found = null

        if first then
            text.Substring(start, length)
        elif
            not (isNull (box buffer.Known))
            && buffer.Known.TryFind(text, start, length, &found)
        then
            found
        elif othersByText.TryGetValue(text.AsSpan(start, length), &found) then
            found
        else
            let name = text.Substring(start, length)
            others.Add(name, name)
            name

    /// The array the tokens are in (longer than <c>Count</c>).
    member _.Items = items

    /// The number of tokens of the current line.
    member _.Count = count

    /// The last token added.
    member _.Last = items[count - 1]

    /// Forgets the tokens (keeps the array).
    member _.Clear() = count <- 0

    /// Adds a token, doubling the array when it is full.
    member _.Add(token: Token) =
        if count = items.Length then
            let grown = Array.zeroCreate (2 * items.Length)
            Array.blit items 0 grown 0 count
            items <- grown

        items[count] <- token
        count <- count + 1

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

    /// The end of a run of ASCII digits in text[from .. stop - 1].
    let private digitsEnd (text: string) (stop: int) (from: int) =
        let mutable j = from

        while j < stop && Char.IsAsciiDigit text[j] do
            j <- j + 1

        j

    /// <summary>
    /// The tokens of the line of <paramref name="text"/> that starts at <paramref name="lineStart"/>
    /// and has <paramref name="length"/> characters (without its line ending), ending with
    /// <c>EndOfLine</c>; a <c>#</c> starts a comment to the end of the line. Columns count from the
    /// line's start; errors carry the 1-based column. O(length of the line). The tokens go into
    /// <paramref name="tokens"/>, cleared first: one buffer kept for every line of a file spares
    /// each line a list and an array of its own, and the line a string of its own.
    /// </summary>
    let tokenizeInto (tokens: TokenBuffer) (text: string) (lineStart: int) (length: int) : Result<unit, int * string> =
        tokens.Clear()
        let stop = lineStart + length
        let mutable i = lineStart
        let mutable error = None

        // The text of a symbol is a constant: only names and numbers take a substring of the line.
        let add kind start (symbol: string) =
            tokens.Add {
                Kind = kind
                Column = start - lineStart
                Text = symbol
                Value = 0.0
            }

        while error.IsNone && i < stop do
            let c = text[i]

            if c = '#' then
                i <- stop
            elif c = ' ' || c = '\t' then
                i <- i + 1
            elif
                Char.IsAsciiDigit c
                || (c = '.' && i + 1 < stop && Char.IsAsciiDigit text[i + 1])
            then
                // digits [. digits] [(e|E) [+|-] digits], or . digits [exponent]
                let start = i
                let mutable j = digitsEnd text stop i

                if j < stop && text[j] = '.' then
                    j <- digitsEnd text stop (j + 1)

                if j < stop && (text[j] = 'e' || text[j] = 'E') then
                    let exponentStart =
                        if j + 1 < stop && (text[j + 1] = '+' || text[j + 1] = '-') then
                            j + 2
                        else
                            j + 1

                    let exponentEnd = digitsEnd text stop exponentStart

                    if exponentEnd = exponentStart then
                        error <-
                            Some(
                                exponentStart - lineStart + 1,
                                $"malformed number '{text.Substring(start, exponentStart - start)}': expected digits after the exponent"
                            )

                    j <- exponentEnd

                if error.IsNone then
                    let number = text.Substring(start, j - start)

                    tokens.Add {
                        Kind = NumberToken
                        Column = start - lineStart
                        Text = number
                        Value = Double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture)
                    }

                    i <- j
            elif isNameStart c then
                let start = i

                while i < stop && isNamePart text[i] do
                    i <- i + 1

                add NameToken start (tokens.Name(text, start, i - start, (tokens.Count = 0)))
            else
                match c with
                | '+' -> add PlusToken i "+"
                | '-' -> add MinusToken i "-"
                | '*' when i + 1 < stop && text[i + 1] = '*' -> add PowerToken i "**"
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
                | _ -> error <- Some(i - lineStart + 1, $"unexpected character {describeCharacter c}")

                if error.IsNone then
                    i <- i + tokens.Last.Text.Length

        match error with
        | Some e -> Error e
        | None ->
            tokens.Add {
                Kind = EndOfLine
                Column = length
                Text = ""
                Value = 0.0
            }

            Ok()

    /// <summary>
    /// The tokens of <paramref name="line"/> (text without its line ending), as
    /// <c>tokenizeInto</c> gives them, in an array of their own.
    /// </summary>
    let tokenize (line: string) : Result<Token[], int * string> =
        let tokens = TokenBuffer()

        tokenizeInto tokens line 0 line.Length
        |> Result.map (fun () -> Array.sub tokens.Items 0 tokens.Count)
