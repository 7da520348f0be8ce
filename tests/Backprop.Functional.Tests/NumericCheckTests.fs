module Backprop.Functional.Tests.NumericCheckTests

open Expecto
open Backprop.Functional
open Backprop.Functional.Tests.Support

[<Tests>]
let tests =
    testList "numeric check" [
        test "reports analytic, numeric and error for every variable" {
            let f = Expr.var "x" * Expr.var "y"
            let report = NumericCheck.run NumericCheck.defaults (bind [ "x", 3.0; "y", -2.0 ]) f
            Expect.isTrue report.Ok "passes"
            Expect.equal (report.Variables |> List.map _.Name) [ "x"; "y" ] "one entry per variable"
            let x = report.Variables.Head
            Expect.equal x.Analytic -2.0 "analytic"
            Expect.floatClose Accuracy.high x.Numeric -2.0 "numeric"
            Expect.isLessThan x.Error 1e-8 "error"
        }

        test "fails at relu's kink, where the one-sided derivatives differ" {
            let report =
                NumericCheck.run NumericCheck.defaults (bind [ "x", 0.0 ]) (relu (Expr.var "x"))

            Expect.isFalse report.Ok "relu at 0"
            expectClose exact report.Variables.Head.Numeric 0.5 "numeric is the mean slope"
        }

        test "the tolerance is relative for large gradients and absolute for small ones" {
            Expect.isTrue (NumericCheck.withinTolerance 1e-6 1e6 (1e6 + 0.5)) "relative"
            Expect.isTrue (NumericCheck.withinTolerance 1e-6 1e-9 2e-9) "absolute"
            Expect.isFalse (NumericCheck.withinTolerance 1e-6 1.0 1.01) "outside"
        }
    ]
