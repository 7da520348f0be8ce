module Backprop.Functional.Tests.GraphTests

open Expecto
open Backprop.Functional

[<Tests>]
let tests =
    testList "graph" [
        test "lists each shared node once, operands before users, root last" {
            let x = Expr.var "x"
            let e = x * x
            let f = e * e + e
            let g = Graph.ofExpr f
            // x, e, e*e, f
            Expect.equal g.Count 4 "distinct nodes"
            Expect.isTrue (obj.ReferenceEquals(g.Root, f)) "root last"

            for i in 0 .. g.Count - 1 do
                let node = g.Nodes[i]

                let operands =
                    match node.Node with
                    | Add(a, b)
                    | Mul(a, b) -> [ a; b ]
                    | _ -> []

                for o in operands do
                    Expect.isLessThan (g.TryIndexOf o).Value i "operand first"
        }

        test "an operand reached first through a deeper path is still emitted before its users" {
            let a = Expr.var "a"
            let b = a * Expr.var "c"
            let root = b + a
            let g = Graph.ofExpr root
            let index e = (g.TryIndexOf e).Value
            Expect.isLessThan (index a) (index b) "a before b"
        }

        test "a node outside the graph has no index" {
            let g = Graph.ofExpr (Expr.var "x")
            Expect.isTrue (g.TryIndexOf(Expr.var "x")).IsNone "another x is another node"
        }

        test "a graph whose nodes were built far apart in time is indexed correctly" {
            let old = Expr.var "x"
            // Many unrelated nodes in between spread the ids far wider than the graph.
            for _ in 1..100_000 do
                Expr.constant 1.0 |> ignore

            let c = Expr.constant 2.0
            let root = old * c + old
            let g = Graph.ofExpr root
            Expect.equal g.Count 4 "x, 2, x*2 and the root"
            Expect.isTrue (g.TryIndexOf old).IsSome "the old node is found"
            let gradient = Gradient.compute (Bindings.ofList [ "x", 3.0 ]) root
            Expect.equal gradient["x"] 3.0 "d/dx (2x + x)"
            Expect.equal (gradient.Of c) 3.0 "d/dc (x*c + x)"
        }

        test "every node comes after all of its operands" {
            let x, y = Expr.var "x", Expr.var "y"
            let root = tanh (x * y) + (x + y) * (x * 2.0)
            let g = Graph.ofExpr root
            let position e = (g.TryIndexOf e).Value

            for node in g.Nodes do
                match node.Node with
                | Add(a, b)
                | Mul(a, b) ->
                    Expect.isLessThan (position a) (position node) "first operand before"
                    Expect.isLessThan (position b) (position node) "second operand before"
                | Tanh a -> Expect.isLessThan (position a) (position node) "operand before"
                | _ -> ()
        }
    ]
