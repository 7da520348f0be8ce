module Backprop.Functional.Language.Tests.ParserTests

open Expecto
open Backprop.Functional.Language
open Backprop.Functional.Language.Tests.Support

/// The value of the last binding of a file.
let private valueOf (text: string list) = (evaluate (parse text)).Value

let private parsed (text: string) =
    match Parser.parseLine 1 text with
    | Ok(Some statement) -> statement
    | Ok None -> failtest "blank line"
    | Error(column, message) -> failtestf "syntax error at %d: %s" column message

let private syntaxError (line: string) (column: int) (fragment: string) =
    let d = singleError [ line ]
    expectError d 1 column fragment

[<Tests>]
let tests =
    testList "Parser" [
        testList "numbers" [
            for text, value in
                [
                    "2", 2.0
                    "-3.0", -3.0
                    ".5", 0.5
                    "1e-4", 1e-4
                    "2.5E+3", 2500.0
                    "6.8813735870195432", 6.8813735870195432
                ] do
                test $"'{text}' is read as {value}" {
                    Expect.equal (parsed $"a = {text}").Value (Literal value) "literal"
                }
        ]

        testList "roles" [
            test "a number, optionally negated, is a leaf" {
                Expect.equal (parsed "b = -3.0").Value (Literal -3.0) "leaf"
            }

            test "a lone name is an alias" {
                match (parsed "y = x").Value with
                | Alias("x", _) -> ()
                | other -> failtestf "expected an alias, got %A" other
            }

            test "a parenthesised number is an expression, not a leaf" {
                match (parsed "k = (2)").Value with
                | Expression _ -> ()
                | other -> failtestf "expected an expression, got %A" other
            }

            test "brackets of numbers, each optionally negated, are a vector or matrix literal" {
                for text in [ "w = [2.0, -3.0]"; "W = [[2, -3], [1, 2], [0.5, -0.1]]" ] do
                    match (parsed text).Value with
                    | TensorLiteral _ -> ()
                    | other -> failtestf "expected a tensor literal for %s, got %A" text other
            }

            test "brackets of anything else, or indexed brackets, are an expression" {
                for text in [ "v = [a, 2]"; "v = [1 + 1]"; "v = [1, 2][0]"; "v = -[1, 2]" ] do
                    match (parsed text).Value with
                    | Expression _ -> ()
                    | other -> failtestf "expected an expression for %s, got %A" text other
            }

            test "a literal's elements come before its brackets in postfix order" {
                match (parsed "W = [[1, 2], [3, 4]]").Value with
                | TensorLiteral items ->
                    let shape =
                        items
                        |> Array.map (function
                            | Number(v, _) -> string v
                            | Brackets(n, _) -> $"[{n}]"
                            | other -> $"%A{other}")

                    Expect.equal shape [| "1"; "2"; "[2]"; "3"; "4"; "[2]"; "[2]" |] "postfix"
                | other -> failtestf "expected a tensor literal, got %A" other
            }

            test "indexing binds tighter than any operator: -v[0] ** 2 is -((v[0]) ** 2)" {
                Expect.equal (valueOf [ "v = [3, 1]"; "y = -v[0] ** 2" ]) -9.0 "-(3**2)"
            }

            test "@ binds as tightly as *, left to right" {
                Expect.equal (valueOf [ "w = [1, 2]"; "y = 1 + w @ w * 2" ]) 11.0 "1 + ((w@w)*2)"
            }

            test "a blank or comment-only line is no statement" {
                Expect.equal (Parser.parseLine 1 "   # only a comment") (Ok None) "comment"
                Expect.equal (Parser.parseLine 1 "") (Ok None) "blank"
            }
        ]

        testList "precedence and associativity" [
            test "* binds tighter than +" { Expect.equal (valueOf [ "y = 1 + 2 * 3" ]) 7.0 "1 + (2*3)" }
            test "- is left-associative" { Expect.equal (valueOf [ "y = 10 - 4 - 3" ]) 3.0 "(10-4)-3" }
            test "/ is left-associative" { Expect.equal (valueOf [ "y = 8 / 4 / 2" ]) 1.0 "(8/4)/2" }
            test "** is right-associative" { Expect.equal (valueOf [ "y = 2 ** 3 ** 2" ]) 512.0 "2**(3**2)" }
            test "^ is a synonym of **" { Expect.equal (valueOf [ "y = 2 ^ 3 ^ 2" ]) 512.0 "2^(3^2)" }
            test "-x**2 means -(x**2), as in Python" { Expect.equal (valueOf [ "x = 3"; "y = -x**2" ]) -9.0 "-(x**2)" }
            test "the exponent of ** may start with a minus" {
                Expect.equal (valueOf [ "y = 2 ** -1 * 3" ]) 1.5 "(2**-1)*3"
            }
            test "unary minus after a binary operator" { Expect.equal (valueOf [ "y = 2 * -3" ]) -6.0 "2*(-3)" }
            test "parentheses group" { Expect.equal (valueOf [ "y = (1 + 2) * 3" ]) 9.0 "(1+2)*3" }
            test "comments end an expression" { Expect.equal (valueOf [ "y = 1 + 2 # + 100" ]) 3.0 "comment" }

            test "function calls take expressions as arguments" {
                Expect.equal (valueOf [ "x = 4"; "y = max(x - 1, pow(x, 0.5)) + min(1, 2)" ]) 4.0 "max(3, 2) + 1"
            }
        ]

        testList "depth" [
            test "100,000 nested parentheses parse and evaluate without a stack overflow" {
                let n = 100_000

                let text = [
                    "x = 2"
                    "y = " + String.replicate n "(" + "x" + String.replicate n ")" + " * 3"
                ]

                Expect.equal (valueOf text) 6.0 "value"
            }

            test "100,000 nested unary minuses parse and evaluate" {
                Expect.equal (valueOf [ "x = 2"; "y = " + String.replicate 100_001 "-" + "x" ]) -2.0 "odd count negates"
            }

            test "a chain of 100,000 right-associative powers parses" {
                Expect.equal (valueOf [ "x = 1"; "y = " + String.concat "**" (List.replicate 100_000 "x") ]) 1.0 "1**…"
            }
        ]

        testList "syntax errors point at the column with a message" [
            test "'a = ' lacks an expression" { syntaxError "a = " 5 "expected an expression after '='" }
            test "'a = 2 +' lacks an operand" { syntaxError "a = 2 +" 8 "after '+', found the end of the line" }
            test "'= 3' lacks a name" { syntaxError "= 3" 1 "expected a name at the start of the line, found '='" }
            test "'a b = 1' lacks '=' after a" { syntaxError "a b = 1" 3 "expected '=' after 'a', found name 'b'" }
            test "'2 = a' starts with a number" { syntaxError "2 = a" 1 "found number '2'" }
            test "an unclosed '(' is pointed at" { syntaxError "a = (1 + 2" 5 "unclosed '('" }
            test "an unclosed call is pointed at its '('" { syntaxError "a = tanh(1 + 2" 9 "unclosed '('" }
            test "an unmatched ')' is pointed at" { syntaxError "a = 1 + 2)" 10 "unmatched ')'" }
            test "empty parentheses are an error" { syntaxError "a = ()" 6 "empty parentheses" }
            test "two operands in a row are an error" {
                syntaxError "a = 2 3" 7 "expected an operator or the end of the line after '2', found number '3'"
            }
            test "a second '=' is an error" { syntaxError "a = b = 2" 7 "a line holds one binding" }
            test "an unexpected character is named" { syntaxError "a = 2 $ 3" 7 "unexpected character '$'" }
            test "a malformed exponent is an error" { syntaxError "a = 1e+" 8 "malformed number '1e+'" }
            test "a comma outside a call is an error" { syntaxError "a = (1, 2)" 7 "',' outside the arguments" }
            test "an unclosed '[' is pointed at" { syntaxError "a = [1, 2" 5 "unclosed '['" }
            test "an unmatched ']' is pointed at" { syntaxError "a = 1]" 6 "unmatched ']'" }
            test "')' cannot close a '['" { syntaxError "a = [1, 2)" 10 "')' cannot close the '[' at column 5" }
            test "']' cannot close a '('" { syntaxError "a = tanh(1]" 11 "']' cannot close the '(' at column 9" }
            test "empty brackets are an error" { syntaxError "a = []" 5 "empty brackets" }
            test "an empty index is an error" { syntaxError "a = b[]" 6 "empty index" }
            test "a trailing comma in brackets is an error" { syntaxError "a = [1, 2, ]" 12 "found ']'" }
            test "a name with a non-ASCII letter is refused" { syntaxError "é = 1" 1 "unexpected character 'é'" }
        ]
    ]
