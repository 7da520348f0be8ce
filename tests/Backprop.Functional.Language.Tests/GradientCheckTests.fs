module Backprop.Functional.Language.Tests.GradientCheckTests

open Expecto
open Backprop.Functional
open Backprop.Functional.Language
open Backprop.Functional.Language.Tests.Support

let private checkOf (text: string list) =
    let file = parse text

    match Overrides.leafValues file [] with
    | Ok values -> GradientCheck.run file file.LastBinding values NumericCheck.defaults
    | Error ds -> failtestf "%A" ds

[<Tests>]
let tests =
    testList "GradientCheck" [
        test "check passes on the neuron, leaf by leaf in file order" {
            let result =
                checkOf [
                    "x1 = 2.0"
                    "x2 = 0.0"
                    "w1 = -3.0"
                    "w2 = 1.0"
                    "b = 6.8813735870195432"
                    "o = tanh(x1*w1 + x2*w2 + b)"
                ]

            Expect.isTrue result.Ok "ok"
            Expect.equal (result.Leaves |> Array.map _.Binding.Name) [| "x1"; "x2"; "w1"; "w2"; "b" |] "leaves"
            Expect.equal result.Step NumericCheck.defaults.Step "default step"
        }

        test "check fails on relu at 0, where the numeric gradient is 0.5 and the analytic 0" {
            let result = checkOf [ "x = 0"; "y = relu(x)" ]
            Expect.isFalse result.Ok "fails"
            expectClose result.Leaves[0].Analytic 0.0 "relu'(0) = 0"
            Expect.floatClose Accuracy.medium result.Leaves[0].Numeric 0.5 "central difference"
        }

        test "check compares every element of a vector or matrix leaf, named w[0], W[1,0]" {
            let result =
                checkOf [ "W = [[2, -3], [1, 2]]"; "x = [-1, -2]"; "y = sum(sigmoid(W @ x))" ]

            Expect.equal
                (result.Leaves |> Array.map _.Name)
                [| "W[0,0]"; "W[0,1]"; "W[1,0]"; "W[1,1]"; "x[0]"; "x[1]" |]
                "every element"

            Expect.isTrue result.Ok "within tolerance"
            Expect.isGreaterThan (abs result.Leaves[5].Analytic) 0.0 "x[1] has a gradient"
        }

        test "check lists a leaf the output does not use, with zero gradients" {
            let result = checkOf [ "a = 1"; "b = 2"; "y = a * 3" ]
            Expect.equal (result.Leaves |> Array.map _.Binding.Name) [| "a"; "b" |] "both leaves"
            Expect.equal (result.Leaves[1].Analytic, result.Leaves[1].Numeric, result.Leaves[1].Ok) (0.0, 0.0, true) "b"
        }

    ]
