module Backprop.Functional.Learning.Tests.LossTests

open Expecto
open Backprop.Functional
open Backprop.Functional.Learning

let private s = Expr.var "s"
let private y = Expr.var "y"

let private at score label (e: Expr) =
    Gradient.compute (Bindings.ofList [ "s", score; "y", label ]) e

let private sigma z = 1.0 / (1.0 + exp -z)

[<Tests>]
let tests =
    testList "losses" [
        test "hinge is zero beyond the margin and 1 - y·s inside it" {
            let hinge = Loss.sample Loss.Hinge s y
            Expect.equal (at 2.0 1.0 hinge).Value 0.0 "beyond the margin"
            Expect.floatClose Accuracy.veryHigh (at 0.25 1.0 hinge).Value 0.75 "inside the margin"
            Expect.floatClose Accuracy.veryHigh (at 0.25 -1.0 hinge).Value 1.25 "wrong side"
            let wrongSide = at 0.25 -1.0 hinge
            Expect.floatClose Accuracy.veryHigh wrongSide["s"] 1.0 "gradient pushes the score down"
        }

        test "squared error is (s - y)² with gradient 2(s - y)" {
            let loss = Loss.sample Loss.SquaredError s y
            let g = at 0.5 -1.0 loss
            Expect.floatClose Accuracy.veryHigh g.Value 2.25 "value"
            Expect.floatClose Accuracy.veryHigh g["s"] 3.0 "gradient"
        }

        testList "binary cross-entropy" [
            for score in [ -1000.0; -40.0; -3.0; -1e-9; 0.0; 1e-9; 0.5; 3.0; 40.0; 1000.0 ] do
                for label in [ -1.0; 1.0 ] do
                    test $"is log(1 + e^(-y·s)) with gradient -y·σ(-y·s) at s = {score}, y = {label}" {
                        let g = at score label (Loss.sample Loss.CrossEntropy s y)
                        let z = -label * score

                        let expected = if z > 30.0 then z + exp -z else log (1.0 + exp z)

                        Expect.isTrue (System.Double.IsFinite g.Value) "finite value"
                        Expect.floatClose { absolute = 1e-15; relative = 1e-12 } g.Value expected "value"
                        Expect.floatClose { absolute = 1e-15; relative = 1e-12 } g["s"] (-label * sigma z) "gradient"
                    }
        ]

        test "softplus(0) is log 2 with derivative one half, though it is built from kinks" {
            let g = Gradient.compute (Bindings.ofList [ "s", 0.0 ]) (Loss.softplus s)
            Expect.floatClose Accuracy.veryHigh g.Value (log 2.0) "value"
            Expect.floatClose Accuracy.veryHigh g["s"] 0.5 "derivative"
        }

        test "L2 is alpha times the sum of squared parameters" {
            let a, b = Expr.var "a", Expr.var "b"

            let g =
                Gradient.compute (Bindings.ofList [ "a", 3.0; "b", -4.0 ]) (Loss.l2 0.1 [ a; b ])

            Expect.floatClose Accuracy.veryHigh g.Value 2.5 "value"
            Expect.floatClose Accuracy.veryHigh g["b"] -0.8 "gradient"
        }

        test "losses parse from their command-line names and reject others" {
            Expect.equal (Loss.parse "bce") (Ok Loss.CrossEntropy) "bce"
            Expect.equal (Loss.parse "MSE") (Ok Loss.SquaredError) "mse"
            Expect.isError (Loss.parse "huber") "unknown loss"
        }

        test "accuracy counts scores on the label's side of the threshold; NaN is never right" {
            let acc = Classify.accuracy 0.0 [| 0.3; -2.0; 0.0; nan |] [| 1.0; -1.0; 1.0; -1.0 |]
            Expect.equal acc 0.5 "two of four"
            Expect.throwsT<System.ArgumentException> (fun () -> Classify.accuracy 0.0 [||] [||] |> ignore) "no samples"
        }
    ]
