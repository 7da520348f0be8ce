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
    ]
