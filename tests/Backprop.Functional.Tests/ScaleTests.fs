/// Depth and sharing at scale: these assert results, they are not timed (speed lives in bench/).
module Backprop.Functional.Tests.ScaleTests

open Expecto
open Backprop.Functional
open Backprop.Functional.Tests.Support

[<Tests>]
let tests =
    testList "scale" [
        test "a chain 1,000,000 nodes deep evaluates, differentiates and prints" {
            let x = Expr.var "x"
            let mutable e = x

            for _ in 1..1_000_000 do
                e <- e + 1.0

            let g = Gradient.compute (bind [ "x", 0.5 ]) e
            Expect.equal g.Value 1_000_000.5 "value"
            Expect.equal g["x"] 1.0 "gradient"
            Expect.equal (Evaluate.value (bind [ "x", 0.0 ]) e) 1_000_000.0 "evaluate"
            Expect.isLessThanOrEqual (string e).Length 4200 "ToString"
            Expect.isLessThanOrEqual (sprintf "%A" e).Length 4200 "%A"
        }

        test "a chain of 1,000,000 nested tanh differentiates" {
            let mutable e = Expr.var "x"

            for _ in 1..1_000_000 do
                e <- tanh e

            let g = Gradient.compute (bind [ "x", 0.1 ]) e
            Expect.isTrue (g.Value > 0.0 && g.Value < 0.1) "value shrinks"
            Expect.isTrue (g["x"] > 0.0 && g["x"] < 1.0) "gradient is finite"
        }

        test "the 10,000-level sharing DAG x(k+1) = x(k)*x(k) + x(k) has the product-rule gradient" {
            let x0 = Expr.var "x"
            let mutable e = x0

            for _ in 1..10_000 do
                e <- e * e + e

            let g = Gradient.compute (bind [ "x", -0.5 ]) e
            // dx(k+1)/dx(k) = 2 x(k) + 1, so the gradient is the product along the chain.
            let mutable value = -0.5
            let mutable derivative = 1.0

            for _ in 1..10_000 do
                derivative <- derivative * (2.0 * value + 1.0)
                value <- value * value + value

            expectClose exact g.Value value "value"
            expectClose exact g["x"] derivative "gradient"
            Expect.equal (Graph.ofExpr e).Count (1 + 10_000 * 2) "each shared node once"
        }
    ]
