/// The numeric conventions of SPEC §1 through .bp files: constant exponents, powers at 0, max and
/// min at NaN, division in one rounding, abs and sqrt.
module Backprop.Functional.Language.Tests.ConventionTests

open System
open Expecto
open Backprop.Functional.Language
open Backprop.Functional.Language.Tests.Support

let private gradientOf (text: string list) (name: string) =
    (row (evaluate (parse text)) name).Gradient

let private valueOf (text: string list) (name: string) =
    (row (evaluate (parse text)) name).Value

[<Tests>]
let tests =
    testList "conventions" [
        testList "an exponent that is a computed binding of constant value is differentiated" [
            for name, lines in
                [
                    "k = (2)", [ "x = 3"; "k = (2)"; "y = x ** k" ]
                    "k = -(-2)", [ "x = 3"; "k = -(-2)"; "y = x ** k" ]
                    "pow(x, k)", [ "x = 3"; "k = (2)"; "y = pow(x, k)" ]
                    "an alias of k", [ "x = 3"; "k = (2)"; "j = k"; "y = x ** j" ]
                    "an element of a vector", [ "x = 3"; "v = [(2), 1]"; "y = x ** v[0] + v[1]" ]
                ] ->
                test $"{name}: its gradient is 9 ln 3" {
                    let file = parse lines
                    let result = evaluate file

                    let exponent =
                        result.Results |> Array.find (fun r -> r.Name = "k" || r.Name = "v[0]")

                    expectClose exponent.Gradient (9.0 * Math.Log 3.0) "the exponent's gradient"
                    expectClose (row result "x").Gradient 6.0 "the base's gradient"
                }
        ]

        test "a literal exponent, also a negative one, is a constant: x ** -2 at a negative x has a finite gradient" {
            let g = gradientOf [ "x = -2"; "y = x ** -2" ] "x"
            expectClose g 0.25 "d/dx x**-2 = -2 x**-3"
        }

        test "x ** 0 at x = 0 has gradient 0" { Expect.equal (gradientOf [ "x = 0"; "y = x ** 0" ] "x") 0.0 "d/dx" }

        test "0 ** y with y > 0 has gradient 0 in y, not NaN" {
            Expect.equal (gradientOf [ "x = 0"; "y = 2.5"; "z = x ** y" ] "y") 0.0 "d/dy"
        }

        test "max and min where the NaN comes from the first operand send the gradient to it" {
            for f in [ "max"; "min" ] do
                let lines = [ "a = 1e999 - 1e999"; "b = 1"; $"y = {f}(a, b)" ]
                Expect.isTrue (Double.IsNaN(valueOf lines "y")) $"{f} is NaN"
                Expect.equal (gradientOf lines "a") 1.0 $"{f}: a receives the gradient"
                Expect.equal (gradientOf lines "b") 0.0 $"{f}: b does not"
        }

        test "division is one rounding: 1e-300 / 1e-310 is finite, about 1e10" {
            let value = valueOf [ "a = 1e-300"; "b = 1e-310"; "q = a / b" ] "q"
            Expect.equal value (1e-300 / 1e-310) "the IEEE quotient"
        }

        test "abs has derivative -1, 0 at 0, and 1" {
            for x, expected in [ -2.0, -1.0; 0.0, 0.0; 3.0, 1.0 ] do
                Expect.equal (gradientOf [ $"x = {x}"; "y = abs(x)" ] "x") expected $"abs'({x})"
        }

        test "sqrt is correctly rounded, with derivative 0.5 / sqrt(x)" {
            let lines = [ "x = 2"; "y = sqrt(x)" ]
            Expect.equal (valueOf lines "y") (Math.Sqrt 2.0) "value"
            Expect.equal (gradientOf lines "x") (0.5 / Math.Sqrt 2.0) "gradient"
        }

        test "the notebook's f(x, y) = (x + sig(y)) / (sig(x) + (x + y)**2) with a user-defined sig" {
            let lines = [
                "sig(z) = 1 / (1 + exp(-z))"
                "x = 3"
                "y = -4"
                "f = (x + sig(y)) / (sig(x) + (x + y) ** 2)"
            ]

            let logistic z = 1.0 / (1.0 + Math.Exp -z)

            let f x y =
                (x + logistic y) / (logistic x + (x + y) ** 2.0)

            let h = 1e-6
            Expect.equal (valueOf lines "f") (f 3.0 -4.0) "value, bit for bit"
            let numeric = { absolute = 1e-7; relative = 1e-7 }
            Expect.floatClose numeric (gradientOf lines "x") ((f (3.0 + h) -4.0 - f (3.0 - h) -4.0) / (2.0 * h)) "df/dx"
            Expect.floatClose numeric (gradientOf lines "y") ((f 3.0 (-4.0 + h) - f 3.0 (-4.0 - h)) / (2.0 * h)) "df/dy"
        }
    ]
