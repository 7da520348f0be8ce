module Backprop.Functional.Language.Tests.EvaluationTests

open System
open Expecto
open Backprop.Functional
open Backprop.Functional.Language
open Backprop.Functional.Language.Tests.Support

let private outputOf file name =
    match Evaluation.output file name with
    | Ok b -> b
    | Error d -> failtest d.Message

let private runWith (file: ExpressionFile) (ofName: string option) (specs: string list) =
    match Overrides.leafValues file specs with
    | Ok values -> Evaluation.run file (outputOf file ofName) values
    | Error ds -> failtestf "%A" ds

[<Tests>]
let tests =
    testList "Evaluation" [
        test "the output is the last binding by default" {
            Expect.equal (outputOf (parse [ "a = 1"; "b = a * 2" ]) None).Name "b" "output"
        }

        test "a named output is taken instead of the last; its gradient is taken and later bindings get gradient 0" {
            let result = runWith (parse [ "a = 2"; "b = a * a"; "c = b * 3" ]) (Some "b") []
            expectClose result.Value 4.0 "b"
            expectClose (row result "a").Gradient 4.0 "db/da"
            expectClose (row result "c").Value 12.0 "c still has its value"
            expectClose (row result "c").Gradient 0.0 "db/dc"
        }

        test "an output naming nothing is an error at 1:1 naming the name" {
            match Evaluation.output (parse [ "a = 1" ]) (Some "zz") with
            | Ok _ -> failtest "expected an error"
            | Error d ->
                Expect.equal d.Message "the file binds no 'zz'" "message"
                Expect.isNone d.SourceLine "no line"
        }

        test "overrides change the values the gradient is taken at" {
            let result = runWith (parse [ "a = 2"; "b = a * a" ]) None [ "a=5" ]
            expectClose result.Value 25.0 "value"
            expectClose (row result "a").Gradient 10.0 "gradient"
        }

        test "a binding the output does not use still has its value, and gradient 0" {
            let result = evaluate (parse [ "a = 2"; "unused = a * 10"; "out = a + 1" ])
            expectClose (row result "unused").Value 20.0 "value"
            expectClose (row result "unused").Gradient 0.0 "gradient"
        }

        test "a vector or matrix binding has one row per element, row-major, named w[0], W[1,0]" {
            let result =
                evaluate (parse [ "W = [[1, 2], [3, 4]]"; "x = [1, -1]"; "z = W @ x"; "y = sum(z)" ])

            Expect.equal
                (result.Results |> Array.map _.Name)
                [|
                    "W[0,0]"
                    "W[0,1]"
                    "W[1,0]"
                    "W[1,1]"
                    "x[0]"
                    "x[1]"
                    "z[0]"
                    "z[1]"
                    "y"
                |]
                "rows"

            Expect.equal (result.Results |> Array.map _.Element) [| 0; 1; 2; 3; 0; 1; 0; 1; 0 |] "elements"

            Expect.equal
                (result.Results |> Array.map _.Value)
                [| 1.0; 2.0; 3.0; 4.0; 1.0; -1.0; -1.0; -1.0; -2.0 |]
                "values"
        }

        test "a vector output is refused at its binding, suggesting sum" {
            match Evaluation.output (parse [ "x = [1, 2]"; "y = 2 * x" ]) None with
            | Ok _ -> failtest "expected an error"
            | Error d ->
                Expect.equal
                    d.Message
                    "'y' is a vector of 2 elements, but the output must be a scalar: take sum(y), mean(y) or an element such as y[0], or name a scalar output"
                    "message"

                expectError d 2 1 "'y' is a vector of 2 elements"
        }

        test "an output naming a matrix is refused the same way" {
            match Evaluation.output (parse [ "W = [[1, 2]]"; "y = sum(W)" ]) (Some "W") with
            | Ok _ -> failtest "expected an error"
            | Error d -> expectError d 1 1 "'W' is a 1×2 matrix, but the output must be a scalar"
        }

        test "the messages about the output name no option of the tool" {
            let file = parse [ "W = [[1, 2]]"; "v = [1, 2]" ]

            for name in [ Some "zz"; Some "W"; None ] do
                match Evaluation.output file name with
                | Ok _ -> failtestf "expected %A to be refused" name
                | Error d -> Expect.isFalse (d.Message.Contains "--") $"no flag in: {d.Message}"
        }

        test "a non-finite element is named in the warning" {
            let file = parse [ "v = [1, 0]"; "l = log(v)"; "y = sum(l)" ]

            match Evaluation.nonFiniteWarning file (evaluate file) with
            | Some d -> Expect.stringContains d.Message "'l[1]' is -inf" "message"
            | None -> failtest "expected a warning"
        }

        test "a non-finite value warns, naming the first binding that produced it" {
            let file = parse [ "a = 0"; "b = log(a)"; "c = b * 2" ]

            match Evaluation.nonFiniteWarning file (evaluate file) with
            | Some d ->
                Expect.equal d.Severity Severity.Warning "a warning"
                Expect.equal d.Position.Line 2 "at b"
                Expect.stringContains d.Message "'b' is -inf" "message"
            | None -> failtest "expected a warning"
        }

        test "a non-finite gradient warns when every value is finite" {
            let file = parse [ "x = -1"; "y = 2"; "z = x ** y" ]

            match Evaluation.nonFiniteWarning file (evaluate file) with
            | Some d -> Expect.stringContains d.Message "with respect to 'y' is nan" "message"
            | None -> failtest "expected a warning"
        }

        test "finite results give no warning" {
            let file = parse [ "a = 1"; "b = a * 2" ]
            Expect.isNone (Evaluation.nonFiniteWarning file (evaluate file)) "no warning"
        }

        test "tanh(1000) is 1 with gradient 0 and sigmoid(-1000) is 0, with no NaN" {
            let result =
                evaluate (parse [ "x = 1000"; "t = tanh(x)"; "s = sigmoid(-x)"; "y = t + s" ])

            expectClose (row result "t").Value 1.0 "tanh"
            expectClose (row result "s").Value 0.0 "sigmoid"
            expectClose (row result "x").Gradient 0.0 "gradient"
        }

        test "a chain of 200,000 bindings evaluates without a stack overflow" {
            let file =
                parse [ yield "x0 = 0.5"; for i in 1..200_000 -> $"x{i} = x{i - 1} * 1 + 0" ]

            let result = evaluate file
            expectClose result.Value 0.5 "value"
            expectClose (row result "x0").Gradient 1.0 "gradient through the whole chain"
            Expect.isTrue (Double.IsFinite result.Value) "finite"
        }
    ]
