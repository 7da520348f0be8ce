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

        test "a wide graph whose traversal dives far below the root before it fills in is indexed correctly" {
            // 64 strands, each node adding x to the node 64 places back: a depth-first search runs
            // down one strand, far past ids it has not seen yet, before it visits the others.
            let x = Expr.var "x"
            let nodes = ResizeArray<Expr>()

            for k in 0..99_999 do
                nodes.Add(if k < 64 then x + float k else nodes[k - 64] + x)

            let root = Expr.sum (Seq.skip (nodes.Count - 64) nodes)
            let g = Gradient.compute (bind [ "x", 1.0 ]) root
            Expect.equal g["x"] 100_000.0 "every node uses x once"
            Expect.equal (Graph.ofExpr root).Count (1 + 64 + 100_000 + 63) "x, 64 constants, a node per step, the sum"
        }
    ]
