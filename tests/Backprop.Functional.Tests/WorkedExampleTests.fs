/// The notebooks' worked examples, with their exact numbers.
module Backprop.Functional.Tests.WorkedExampleTests

open Expecto
open Backprop.Functional
open Backprop.Functional.Tests.Support

let private v = Expr.var

let private neuronInputs =
    bind [ "x1", 2.0; "x2", 0.0; "w1", -3.0; "w2", 1.0; "b", 6.8813735870195432 ]

let private expectNeuronGradients (g: Gradients) =
    expectClose exact g.Value 0.7071067811865477 "o"
    expectClose exact g["x1"] -1.5 "do/dx1"
    expectClose exact g["w1"] 1.0 "do/dw1"
    expectClose exact g["x2"] 0.5 "do/dx2"
    expectClose exact g["w2"] 0.0 "do/dw2"
    expectClose exact g["b"] 0.5 "do/db"

[<Tests>]
let tests =
    testList "worked examples" [
        test "L = (a*b + c)*f has the notebook's value and gradients, intermediates included" {
            let a, b, c, f = v "a", v "b", v "c", v "f"
            let e = a * b
            let d = e + c
            let L = d * f
            let g = Gradient.compute (bind [ "a", 2.0; "b", -3.0; "c", 10.0; "f", -2.0 ]) L
            expectClose exact g.Value -8.0 "L"
            expectClose exact g["a"] 6.0 "dL/da"
            expectClose exact g["b"] -4.0 "dL/db"
            expectClose exact g["c"] -2.0 "dL/dc"
            expectClose exact g["f"] 4.0 "dL/df"
            expectClose exact (g.Of e) -2.0 "dL/de"
            expectClose exact (g.Of d) -2.0 "dL/dd"
            expectClose exact (g.ValueOf e) -6.0 "e"
            expectClose exact (g.ValueOf d) 4.0 "d"
            expectClose exact (g.Of L) 1.0 "dL/dL"
        }

        test "the tanh neuron has the notebook's gradients" {
            let n = v "x1" * v "w1" + v "x2" * v "w2" + v "b"
            expectNeuronGradients (Gradient.compute neuronInputs (tanh n))
        }

        test "the neuron with tanh written through exp has the same gradients" {
            let n = v "x1" * v "w1" + v "x2" * v "w2" + v "b"
            let e = exp (2.0 * n)
            expectNeuronGradients (Gradient.compute neuronInputs ((e - 1.0) / (e + 1.0)))
        }

        test "the Hacker's guide sigmoid function at (3, -4) has its value and gradients" {
            let x, y = v "x", v "y"
            let f = (x + sigmoid y) / (sigmoid x + (x + y) ** 2.0)
            let g = Gradient.compute (bind [ "x", 3.0; "y", -4.0 ]) f
            expectClose exact g.Value 1.5456448841066441 "f"
            expectClose exact g["x"] 2.0595697955721652 "df/dx"
            expectClose exact g["y"] 1.5922327514838093 "df/dy"
        }

        test "the Hacker's guide sigmoid neuron has its value and gradients" {
            let f = sigmoid (v "a" * v "x" + v "b" * v "y" + v "c")

            let g =
                Gradient.compute (bind [ "a", 1.0; "b", 2.0; "c", -3.0; "x", -1.0; "y", 3.0 ]) f

            expectClose exact g.Value 0.8807970779778823 "f"
            expectClose exact g["a"] -0.10499358540350662 "df/da"
            expectClose exact g["b"] 0.31498075621051985 "df/db"
            expectClose exact g["c"] 0.10499358540350662 "df/dc"
            expectClose exact g["x"] 0.10499358540350662 "df/dx"
            expectClose exact g["y"] 0.20998717080701323 "df/dy"
        }

        test "(x + y) * z at (-2, 5, -4) has gradients -4, -4, 3" {
            let f = (v "x" + v "y") * v "z"
            let g = Gradient.compute (bind [ "x", -2.0; "y", 5.0; "z", -4.0 ]) f
            expectClose exact g.Value -12.0 "f"
            expectClose exact g["x"] -4.0 "df/dx"
            expectClose exact g["y"] -4.0 "df/dy"
            expectClose exact g["z"] 3.0 "df/dz"
        }

        test "micrograd's first engine test gives y = -20 and dy/dx = 46" {
            let x = v "x"
            let z = 2.0 * x + 2.0 + x
            let q = relu z + z * x
            let h = relu (z * z)
            let y = h + q + q * x
            let g = Gradient.compute (bind [ "x", -4.0 ]) y
            expectClose micrograd g.Value -20.0 "y"
            expectClose micrograd g["x"] 46.0 "dy/dx"
        }

        test "micrograd's second engine test matches PyTorch's numbers" {
            let a, b = v "a", v "b"
            let c = a + b
            let d = a * b + b ** 3.0
            let c = c + c + 1.0
            let c = c + 1.0 + c + (-a)
            let d = d + d * 2.0 + relu (b + a)
            let d = d + 3.0 * d + relu (b - a)
            let e = c - d
            let f = e ** 2.0
            let g = f / 2.0
            let g = g + 10.0 / f
            let result = Gradient.compute (bind [ "a", -4.0; "b", 2.0 ]) g
            expectClose micrograd result.Value 24.70408163265306 "g"
            expectClose micrograd result["a"] 138.83381924198252 "dg/da"
            expectClose micrograd result["b"] 645.5772594752186 "dg/db"
        }
    ]
