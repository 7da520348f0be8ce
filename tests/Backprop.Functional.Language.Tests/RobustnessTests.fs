/// Random input never crashes the language: every text is either bound or rejected with diagnostics.
module Backprop.Functional.Language.Tests.RobustnessTests

open System
open System.Text
open Expecto
open Backprop.Functional.Language

/// Pieces that make near-miss programs: names, numbers, operators, calls, brackets, junk.
let private pieces = [|
    "a"
    "b"
    "x1"
    "_y"
    "tanh"
    "max"
    "foo"
    "2"
    "-3.5"
    ".5"
    "1e-3"
    "1e"
    "1e+"
    "1.2.3"
    "+"
    "-"
    "*"
    "/"
    "**"
    "^"
    "("
    ")"
    ","
    "="
    " "
    "  "
    "\t"
    "#"
    "# c"
    "é"
    "@"
    "["
    "]"
    "[a, 2]"
    "[[1, 2], [3, 4]]"
    "[1, 2]"
    "sum("
    "dot("
    "a[0]"
    "\r"
    "()"
    "(("
    "))"
    "tanh("
    "max(a,"
    "pow(a, b)"
    "1e999"
    "nan"
|]

let private operands = [|
    "a"
    "2"
    "-3.5"
    ".5"
    "1e-3"
    "1e999"
    "tanh(a)"
    "max(a, 0)"
    "(a - 1)"
    "-a"
    "[a, 1]"
    "sum([a, 2] * a)"
    "[[a, 1], [2, a]] @ [a, 1]"
    "dot([1, a], [a, 2])"
|]

let private operators = [| " + "; " - "; " * "; " / "; " ** "; "^" |]

/// A well-formed expression over the leaf a: these files bind and evaluate (to any IEEE value).
let private wellFormed (random: Random) =
    let b = StringBuilder(operands[random.Next operands.Length])

    for _ in 1 .. random.Next(0, 6) do
        b.Append(operators[random.Next operators.Length]).Append(operands[random.Next operands.Length])
        |> ignore

    b.ToString()

/// Near-miss junk: the pieces in any order.
let private junk (random: Random) =
    let b = StringBuilder()

    for _ in 1 .. random.Next(0, 12) do
        b.Append(pieces[random.Next pieces.Length]) |> ignore

    b.ToString()

/// A file: the leaf a, then lines that are well-formed or junk, binding v1, v2, … (or junk names).
let private randomFile (random: Random) =
    String.concat "\n" [
        yield "a = 1.5"
        for k in 1 .. random.Next(1, 5) do
            match random.Next 4 with
            | 0 -> yield junk random
            | 1 -> yield $"v{k} = " + junk random
            | _ -> yield $"v{k} = " + wellFormed random
    ]

/// Binds and evaluates a text; true when it was accepted.
let private outcome (text: string) =
    match ExpressionFile.ofText "fuzz.bp" text with
    | Error diagnostics ->
        Expect.isNonEmpty diagnostics "an error has diagnostics"

        for d in diagnostics do
            Diagnostic.render d |> ignore

        false
    | Ok file ->
        match Overrides.leafValues file [] with
        | Ok values ->
            // A vector or matrix output is refused with a diagnostic; a scalar one evaluates.
            match Evaluation.output file None with
            | Ok output -> Evaluation.run file output values |> ignore
            | Error d -> Diagnostic.render d |> ignore

            true
        | Error _ -> failtest "a file's own leaves always have values"

[<Tests>]
let tests =
    testList "robustness" [
        test "20,000 random near-miss files are each bound or rejected, never thrown on" {
            let random = Random 20261125
            let mutable accepted = 0

            for _ in 1..20_000 do
                let text = randomFile random

                try
                    if outcome text then
                        accepted <- accepted + 1
                with e when not (e :? AssertException) ->
                    failtestf "%s on:\n%s" (e.GetType().Name) text

            // Both paths are exercised: some random files bind and evaluate, most are rejected.
            Expect.isGreaterThan accepted 500 "some files are accepted"
            Expect.isLessThan accepted 19_500 "some files are rejected"
        }

        test "every single character after 'a = ' is handled" {
            for c in 0..0xFFFF do
                if not (Char.IsSurrogate(char c)) then
                    outcome ("a = " + string (char c)) |> ignore
        }
    ]
