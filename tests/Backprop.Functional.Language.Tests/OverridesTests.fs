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
            Expect.equal (List.exactlyOne (errorsWith [ "zz=1" ])).Message "the file binds no 'zz'" "message"
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

        test "an element of a vector or matrix leaf is set by its name, w[0] or W[1, 0]" {
            let tensors = parse [ "w = [1, 2]"; "W = [[1, 2], [3, 4]]"; "y = dot(w, W @ w)" ]

            match Overrides.leafValues tensors [ "w[1]=5"; "W[1, 0]=-7" ] with
            | Ok values ->
                Expect.equal (values["w[0]"], values["w[1]"]) (1.0, 5.0) "w"
                Expect.equal (values["W[0,0]"], values["W[1,0]"]) (1.0, -7.0) "W, named without the space"
            | Error ds -> failtestf "%A" ds
        }

        test "a vector or matrix leaf is not set as a whole, and its elements are checked" {
            let tensors =
                parse [ "w = [1, 2]"; "W = [[1, 2], [3, 4]]"; "a = 1"; "y = dot(w, W @ w) * a" ]

            let errorOf spec =
                match Overrides.leafValues tensors [ spec ] with
                | Ok _ -> failtestf "expected %s to be refused" spec
                | Error ds -> List.exactlyOne ds

            expectError (errorOf "w=1") 1 1 "set one element at a time, as w[0]=VALUE"
            expectError (errorOf "w[2]=1") 1 1 "[2] is outside 'w', which is a vector of 2 elements (w[0] to w[1])"
            expectError (errorOf "W[1]=1") 2 1 "name an element with two indices, as W[0,0]"
            expectError (errorOf "w[x]=1") 1 1 "'[x]' is not an index"
            expectError (errorOf "a[0]=1") 3 1 "'a' is a scalar"
            expectError (errorOf "y[0]=1") 4 1 "'y' is not a leaf"
        }

        test "a message suggesting another setting ends with it, written NAME=VALUE" {
            let tensors = parse [ "w = [1, 2]"; "a = 1"; "y = sum(w) * a" ]

            let messageOf spec =
                match Overrides.leafValues tensors [ spec ] with
                | Ok _ -> failtestf "expected %s to be refused" spec
                | Error ds -> (List.exactlyOne ds).Message

            Expect.stringEnds (messageOf "w=1") ", as w[0]=VALUE" "a vector as a whole"
            Expect.stringEnds (messageOf "a[0]=1") "set it as a=VALUE" "a scalar by index"
        }

        test "the messages about overrides name no option of the tool" {
            let tensors =
                parse [ "w = [1, 2]"; "W = [[1, 2], [3, 4]]"; "a = 1"; "y = dot(w, W @ w) * a" ]

            let specs = [
                "zz=1"
                "y=1"
                "a=x"
                "a"
                "w=1"
                "w[2]=1"
                "W[1]=1"
                "w[x]=1"
                "a[0]=1"
                "w[0=1"
            ]

            match Overrides.leafValues tensors specs with
            | Ok _ -> failtest "expected errors"
            | Error ds ->
                Expect.equal ds.Length specs.Length "one error per bad override"

                for d in ds do
                    Expect.isFalse (d.Message.Contains "--") $"no flag in: {d.Message}"
        }

        test "every bad override is reported" { Expect.equal (errorsWith [ "zz=1"; "a=x"; "e=2" ]).Length 3 "three" }
    ]
