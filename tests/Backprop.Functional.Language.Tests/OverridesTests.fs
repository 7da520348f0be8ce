module Backprop.Functional.Language.Tests.OverridesTests

open Expecto
open Backprop.Functional.Language
open Backprop.Functional.Language.Tests.Support

let private file = parse [ "a = 2"; "b = 3"; "e = a * b" ]

let private valuesWith specs =
    match Overrides.leafValues file specs with
    | Ok values -> values
    | Error ds -> failtestf "%A" ds

let private errorsWith specs =
    match Overrides.leafValues file specs with
    | Ok _ -> failtest "expected an error"
    | Error ds -> ds

[<Tests>]
let tests =
    testList "Overrides" [
        test "without overrides every leaf has its written value" {
            let values = valuesWith []
            Expect.equal (values["a"], values["b"]) (2.0, 3.0) "values"
            Expect.isFalse (values.ContainsKey "e") "no value for a computed binding"
        }

        test "an override replaces a leaf's value; the last of the same name wins" {
            let values = valuesWith [ "a=5"; "a=-1.5e1" ]
            Expect.equal values["a"] -15.0 "value"
        }

        test "inf, -inf and nan are accepted as numbers" {
            let values = valuesWith [ "a=inf"; "b=nan" ]
            Expect.isTrue (System.Double.IsPositiveInfinity values["a"]) "inf"
            Expect.isTrue (System.Double.IsNaN values["b"]) "nan"
        }

        test "an override of a name the file does not bind is an error naming it" {
            Expect.stringContains
                (List.exactlyOne (errorsWith [ "zz=1" ])).Message
                "--set zz=1: the file binds no 'zz'"
                "message"
        }

        test "an override of a computed binding is an error at that binding" {
            let d = List.exactlyOne (errorsWith [ "e=1" ])
            expectError d 3 1 "'e' is not a leaf"
        }

        test "a value that is not a number is an error at the leaf" {
            expectError (List.exactlyOne (errorsWith [ "a=abc" ])) 1 1 "'abc' is not a number"
        }

        test "an override without '=' is an error" {
            Expect.stringContains (List.exactlyOne (errorsWith [ "a" ])).Message "expected NAME=VALUE" "message"
        }

        test "every bad override is reported" { Expect.equal (errorsWith [ "zz=1"; "a=x"; "e=2" ]).Length 3 "three" }
    ]
