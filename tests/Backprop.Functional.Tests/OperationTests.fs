/// One table-driven check per primitive: value, analytic derivative and numeric derivative together.
module Backprop.Functional.Tests.OperationTests

open System
open Expecto
open Backprop.Functional
open Backprop.Functional.Tests.Support

let private x = Expr.var "x"
let private y = Expr.var "y"

/// (name, expression of x and y, point, expected value, expected d/dx, expected d/dy)
let private cases = [
    "add", x + y, (1.5, -2.0), -0.5, 1.0, 1.0
    "mul", x * y, (1.5, -2.0), -3.0, -2.0, 1.5
    "sub", x - y, (1.5, -2.0), 3.5, 1.0, -1.0
    "div", x / y, (1.5, -2.0), -0.75, -0.5, -0.375
    "neg", -x + 0.0 * y, (1.5, -2.0), -1.5, -1.0, 0.0
    "pow with a constant exponent", x ** 3.0 + 0.0 * y, (1.5, -2.0), 3.375, 6.75, 0.0
    "pow with an expression exponent", x ** y, (2.0, 3.0), 8.0, 12.0, 8.0 * Math.Log 2.0
    "exp", exp x + 0.0 * y, (0.5, 0.0), Math.Exp 0.5, Math.Exp 0.5, 0.0
    "log", log x + 0.0 * y, (2.0, 0.0), Math.Log 2.0, 0.5, 0.0
    "tanh", tanh x + 0.0 * y, (0.5, 0.0), Math.Tanh 0.5, 1.0 - Math.Tanh 0.5 ** 2.0, 0.0
    "sigmoid",
    sigmoid x + 0.0 * y,
    (0.5, 0.0),
    1.0 / (1.0 + Math.Exp -0.5),
    (1.0 / (1.0 + Math.Exp -0.5)) * (1.0 - 1.0 / (1.0 + Math.Exp -0.5)),
    0.0
    "relu of a positive number", relu x + 0.0 * y, (0.5, 0.0), 0.5, 1.0, 0.0
    "relu of a negative number", relu x + 0.0 * y, (-0.5, 0.0), 0.0, 0.0, 0.0
    "max", Expr.max x y, (1.0, 2.0), 2.0, 0.0, 1.0
    "min", Expr.min x y, (1.0, 2.0), 1.0, 1.0, 0.0
    "sqrt", sqrt x + 0.0 * y, (4.0, 0.0), 2.0, 0.25, 0.0
    "sin", sin x + 0.0 * y, (0.5, 0.0), Math.Sin 0.5, Math.Cos 0.5, 0.0
    "cos", cos x + 0.0 * y, (0.5, 0.0), Math.Cos 0.5, -(Math.Sin 0.5), 0.0
    "greater where the first is larger", Expr.greater x y, (2.0, 1.0), 1.0, 0.0, 0.0
    "greater where the first is smaller", Expr.greater x y, (1.0, 2.0), 0.0, 0.0, 0.0
    "abs of a negative number", abs x + 0.0 * y, (-1.5, 0.0), 1.5, -1.0, 0.0
    "abs of a positive number", abs x + 0.0 * y, (2.5, 0.0), 2.5, 1.0, 0.0
    "equal where the operands are equal", Expr.equal x y, (2.0, 2.0), 1.0, 0.0, 0.0
    "equal where they differ", Expr.equal x y, (1.0, 2.0), 0.0, 0.0, 0.0
]

let private checks (name, f, (px, py), value, dx, dy) =
    test $"{name} has the right value, derivative and numeric derivative" {
        let at = bind [ "x", px; "y", py ]
        let g = Gradient.compute at f
        expectClose exact g.Value value "value"
        expectClose exact g["x"] dx "d/dx"
        expectClose exact g["y"] dy "d/dy"
        let report = NumericCheck.run NumericCheck.defaults at f
        Expect.isTrue report.Ok $"numeric check: %A{report.Variables}"
    }

/// The one-shot gradient, the compiled tape and a batch of one sample give the same bits; a
/// batch's tanh is within 2 ulp of the scalar one, and what follows from it correspondingly close.
let private sweepsAgree (name, f: Expr, (px, py), _, _, _) =
    test $"{name} gives the same bits in the one-shot sweep and the compiled tape, and a batch agrees" {
        let at = bind [ "x", px; "y", py ]
        let oneShot = Gradient.compute at f
        let tape = Tape.compile f
        let inputs = tape.Inputs at
        let values = Array.zeroCreate<float> tape.Length
        let adjoints = Array.zeroCreate<float> tape.Length
        let gradients = Array.zeroCreate<float> tape.Variables.Count

        let value =
            tape.Gradient(ReadOnlySpan inputs, Span values, Span adjoints, Span gradients)

        let batch = Batch.run tape [| inputs |]

        let batchAgrees = batchAgreement tape

        Expect.isTrue (sameBits oneShot.Value value && batchAgrees value batch.Values.Span[0]) "values"

        for slot, variable in Seq.indexed tape.Variables do
            Expect.isTrue (sameBits oneShot[variable] gradients[slot]) $"one-shot and tape d/d{variable}"
            Expect.isTrue (batchAgrees gradients[slot] batch.Gradients[0].Span[slot]) $"tape and batch d/d{variable}"
    }

[<Tests>]
let tests =
    testList "operations" [
        testList "each primitive" (cases |> List.map checks)
        testList "each primitive in every sweep" (cases |> List.map sweepsAgree)

        testList "numerical conventions" [
            test "tanh(1000) is 1 with derivative 0" {
                let g = Gradient.compute (bind [ "x", 1000.0 ]) (tanh x)
                Expect.equal g.Value 1.0 "value"
                Expect.equal g["x"] 0.0 "derivative"
            }
            test "sigmoid(-1000) is 0 with derivative 0, never NaN" {
                let g = Gradient.compute (bind [ "x", -1000.0 ]) (sigmoid x)
                Expect.equal g.Value 0.0 "value"
                Expect.equal g["x"] 0.0 "derivative"
            }
            test "sigmoid(1000) is 1 with derivative 0" {
                let g = Gradient.compute (bind [ "x", 1000.0 ]) (sigmoid x)
                Expect.equal g.Value 1.0 "value"
                Expect.equal g["x"] 0.0 "derivative"
            }
            test "relu'(0) is 0" {
                let g = Gradient.compute (bind [ "x", 0.0 ]) (relu x)
                Expect.equal g["x"] 0.0 "derivative"
            }
            test "max and min send the gradient to the second operand on a tie" {
                let at = bind [ "x", 1.0; "y", 1.0 ]
                let gmax = Gradient.compute at (Expr.max x y)
                let gmin = Gradient.compute at (Expr.min x y)
                Expect.equal (gmax["x"], gmax["y"]) (0.0, 1.0) "max"
                Expect.equal (gmin["x"], gmin["y"]) (0.0, 1.0) "min"
            }
            test "an expression exponent with a negative base gives a NaN gradient for the exponent" {
                let g = Gradient.compute (bind [ "x", -2.0; "y", 2.0 ]) (x ** y)
                Expect.equal g.Value 4.0 "value"
                Expect.equal g["x"] -4.0 "d/dx"
                Expect.isTrue (Double.IsNaN g["y"]) "d/dy is NaN, not hidden"
            }
            test "a constant exponent with a negative base differentiates only in the base" {
                let g = Gradient.compute (bind [ "x", -2.0 ]) (x ** 2.0)
                Expect.equal g["x"] -4.0 "d/dx"
            }
            test "abs'(0) is 0" {
                let g = Gradient.compute (bind [ "x", 0.0 ]) (abs x)
                Expect.equal g.Value 0.0 "value"
                Expect.equal g["x"] 0.0 "derivative"
            }
            test "sqrt is correctly rounded and its derivative at 0 is infinite" {
                let g = Gradient.compute (bind [ "x", 2.0 ]) (sqrt x)
                Expect.equal g.Value (Math.Sqrt 2.0) "value"
                let g0 = Gradient.compute (bind [ "x", 0.0 ]) (sqrt x)
                Expect.equal g0["x"] Double.PositiveInfinity "derivative at 0"
            }
            test "x ** 0 at x = 0 has derivative 0, as PyTorch and JAX" {
                let g = Gradient.compute (bind [ "x", 0.0 ]) (x ** 0.0)
                Expect.equal g.Value 1.0 "value"
                Expect.equal g["x"] 0.0 "constant exponent"
                let g = Gradient.compute (bind [ "x", 0.0; "y", 0.0 ]) (x ** y)
                Expect.equal g["x"] 0.0 "expression exponent 0: d/dx"
                Expect.equal g["y"] 0.0 "expression exponent 0: d/dy"
            }
            test "0 ** y for y > 0 has derivative 0 in y, not NaN" {
                let g = Gradient.compute (bind [ "x", 0.0; "y", 2.5 ]) (x ** y)
                Expect.equal g.Value 0.0 "value"
                Expect.equal g["y"] 0.0 "d/dy"
                Expect.equal g["x"] 0.0 "d/dx"
            }
            test "a power by an exponent whose value is constant is still differentiated in the exponent" {
                let k = Expr.constant 2.0
                let tape = Tape.compile (x ** k)
                let inputs = tape.Inputs(bind [ "x", 3.0 ])
                let values = Array.zeroCreate<float> tape.Length
                let adjoints = Array.zeroCreate<float> tape.Length
                let gradients = Array.zeroCreate<float> tape.Variables.Count

                tape.Gradient(ReadOnlySpan inputs, Span values, Span adjoints, Span gradients)
                |> ignore

                let dk = adjoints[(tape.Graph.TryIndexOf k).Value]
                Expect.floatClose Accuracy.veryHigh dk (9.0 * Math.Log 3.0) "d/dk = 9 ln 3"
            }
            test "max and min send the gradient to a NaN operand" {
                for f in [ Expr.max; Expr.min ] do
                    let g = Gradient.compute (bind [ "x", nan; "y", 1.0 ]) (f x y)
                    Expect.isTrue (Double.IsNaN g.Value) "value is NaN"
                    Expect.equal (g["x"], g["y"]) (1.0, 0.0) "the NaN operand x"
                    let g = Gradient.compute (bind [ "x", 1.0; "y", nan ]) (f x y)
                    Expect.equal (g["x"], g["y"]) (0.0, 1.0) "the NaN operand y"
            }
            test "division by zero gives infinity, per IEEE" {
                let g = Gradient.compute (bind [ "x", 1.0; "y", 0.0 ]) (x / y)
                Expect.equal g.Value Double.PositiveInfinity "value"
            }
            test "log(0) is -infinity and NaN propagates" {
                Expect.equal (Evaluate.value (bind [ "x", 0.0 ]) (log x)) Double.NegativeInfinity "log 0"
                Expect.isTrue (Double.IsNaN(Evaluate.value (bind [ "x", nan ]) (tanh x + 1.0))) "NaN"
                Expect.isTrue (Double.IsNaN(Evaluate.value (bind [ "x", nan ]) (relu x))) "relu NaN"
                Expect.isTrue (Double.IsNaN(Evaluate.value (bind [ "x", nan; "y", 1.0 ]) (Expr.max x y))) "max NaN"
            }
        ]
    ]
