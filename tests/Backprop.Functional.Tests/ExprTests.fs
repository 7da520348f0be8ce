module Backprop.Functional.Tests.ExprTests

open Expecto
open Backprop.Functional
open Backprop.Functional.Tests.Support

let private x = Expr.var "x"

[<Tests>]
let tests =
    testList "expressions" [
        test "operators build the documented nodes" {
            match (x * 2.0 + 1.0).Node with
            | Add(left, right) ->
                match left.Node, right.Node with
                | Mul(a, b), Const 1.0 ->
                    Expect.isTrue (obj.ReferenceEquals(a, x)) "the variable itself"

                    Expect.equal
                        (match b.Node with
                         | Const c -> c
                         | _ -> nan)
                        2.0
                        "constant 2"
                | _ -> failtest "expected Mul and Const"
            | _ -> failtest "expected Add"
        }

        test "subtraction, negation and division are one node each, and a power by a float is a constant exponent" {
            Expect.isTrue
                (match (x - x).Node, (-x).Node, (x / x).Node with
                 | Sub _, Neg _, Div _ -> true
                 | _ -> false)
                "Sub, Neg, Div"

            Expect.isTrue
                (match (x ** 2.0).Node, (Expr.pow x (Expr.constant 2.0)).Node with
                 | PowConst _, Pow _ -> true
                 | _ -> false)
                "x ** 2.0 is PowConst; pow x (constant 2) is differentiated in both"
        }

        test "division rounds once: 1e-300 / 1e-310 is about 1e10, not the overflow of 1e-300 · 1e-310**-1" {
            let e = Expr.var "a" / Expr.var "b"
            let value = Evaluate.value (bind [ "a", 1e-300; "b", 1e-310 ]) e
            // 1e-310 is subnormal, so the exact quotient of the two doubles is 1.0000000000000031e10.
            Expect.equal value (1e-300 / 1e-310) "the IEEE quotient"
            Expect.floatClose Accuracy.high value 1e10 "about 1e10"
            Expect.equal (1e-300 * System.Math.Pow(1e-310, -1.0)) infinity "micrograd's form overflows"
        }

        test "FSharp.Core's generic functions work on expressions" {
            let e = List.sum [ tanh x; exp x; log x; sqrt x; x ** 2.0 ]
            let value = Evaluate.value (bind [ "x", 1.0 ]) e
            expectClose exact value (tanh 1.0 + exp 1.0 + 0.0 + 1.0 + 1.0) "sum"
            let avg = List.average [ x; 3.0 * x ]
            expectClose exact (Evaluate.value (bind [ "x", 2.0 ]) avg) 4.0 "average"
        }

        test "identity is by reference: identical but separate subtrees are different nodes" {
            let a = Expr.var "x" * 2.0
            let b = Expr.var "x" * 2.0
            Expect.notEqual a b "separately built"
            Expect.equal a a "same object"
            Expect.isLessThan a.Id (a + b).Id "operands are older than their users"
        }

        test "separately built identical subtrees still give the right gradient" {
            let e = (Expr.var "x" * 2.0) + (Expr.var "x" * 2.0)
            let g = Gradient.compute (bind [ "x", 3.0 ]) e
            Expect.equal g.Value 12.0 "value"
            Expect.equal g["x"] 4.0 "gradient sums both copies"
        }

        test "ToString is infix and readable" {
            Expect.equal (string (tanh (x * 2.0 + 1.0))) "tanh(((x * 2) + 1))" "text"
        }

        test "ToString of a shared DAG is bounded, not exponential" {
            let mutable e = x

            for _ in 1..200 do
                e <- e * e + e

            let text = string e
            Expect.isLessThanOrEqual text.Length 4200 "bounded"
            Expect.stringEnds text "…" "cut with an ellipsis"
        }

        test "%A uses the bounded text" { Expect.equal (sprintf "%A" (x + 1.0)) "(x + 1)" "%A" }

        test "a gradient result prints its value and its variables' gradients, under %A too" {
            let g =
                Gradient.compute (Bindings.ofList [ "x", 2.0; "y", -3.0 ]) (x * Expr.var "y")

            Expect.equal (string g) "Gradients(value=-6, x=-3, y=2)" "ToString"
            Expect.equal (sprintf "%A" g) (string g) "%A"
        }

        test "building with NaN and infinities never throws" {
            let e = (x + nan) * infinity / 0.0
            Expect.isTrue (System.Double.IsNaN(Evaluate.value (bind [ "x", 1.0 ]) e)) "NaN propagates"
        }

        test "a variable with no value raises an exception that names it" {
            let e = x + Expr.var "missing"

            let ex =
                Expect.throwsC (fun () -> Gradient.compute (bind [ "x", 1.0 ]) e |> ignore) id

            Expect.stringContains ex.Message "'missing'" "names the variable"
            Expect.equal (ex :?> UnboundVariableException).VariableName "missing" "carries the name"
        }
    ]
