/// Operations a library user defines: value on floats, derivative as expressions.
module Backprop.Functional.Tests.CustomOperationTests

open System
open Expecto
open Backprop.Functional
open Backprop.Functional.Tests.Support

/// log(1 + e^x) without overflow, whose derivative is sigmoid(x).
let private softplus =
    CustomOperation.unary "softplus" (fun x -> Math.Max(x, 0.0) + Math.Log(1.0 + Math.Exp(-Math.Abs x))) (fun x _ ->
        sigmoid x)

/// log(e^a + e^b) without overflow; its partials are e^(a - y) and e^(b - y).
let private logsumexp =
    CustomOperation.binary
        "logsumexp"
        (fun a b ->
            let m = Math.Max(a, b)
            m + Math.Log(Math.Exp(a - m) + Math.Exp(b - m)))
        (fun a b y -> exp (a - y), exp (b - y))

let private x = Expr.var "x"
let private y = Expr.var "y"

[<Tests>]
let tests =
    testList "custom operations" [
        test "a unary operation has its value and its gradient in the one-shot sweep" {
            let g =
                Gradient.compute (bind [ "x", 0.5 ]) (CustomOperation.apply softplus (x * x))

            expectClose exact g.Value (Math.Log(1.0 + Math.Exp 0.25)) "value"
            expectClose exact g["x"] (1.0 / (1.0 + Math.Exp -0.25) * 1.0) "d/dx = sigmoid(x²)·2x"
        }

        test "it stays finite where the formula written with primitives overflows" {
            let careful =
                Gradient.compute (bind [ "x", 1000.0 ]) (CustomOperation.apply softplus x)

            let naive = Gradient.compute (bind [ "x", 1000.0 ]) (log (1.0 + exp x))
            Expect.equal careful.Value 1000.0 "softplus(1000)"
            Expect.equal careful["x"] 1.0 "its derivative"
            Expect.equal naive.Value infinity "log(1 + e^1000) overflows"
        }

        test "a binary operation sends each partial to its operand" {
            let f = CustomOperation.apply2 logsumexp x y
            let g = Gradient.compute (bind [ "x", 1.0; "y", 2.0 ]) f
            let expected = Math.Log(Math.Exp 1.0 + Math.Exp 2.0)
            expectClose exact g.Value expected "value"
            expectClose exact g["x"] (Math.Exp(1.0 - expected)) "d/dx"
            expectClose exact g["y"] (Math.Exp(2.0 - expected)) "d/dy"
        }

        test "the numeric check agrees with its derivative" {
            let f =
                CustomOperation.apply2 logsumexp (tanh x) (CustomOperation.apply softplus (x * y))

            let report = NumericCheck.run NumericCheck.defaults (bind [ "x", 0.3; "y", -1.7 ]) f
            Expect.isTrue report.Ok $"numeric check: %A{report.Variables}"
        }

        test "batches give the scalar tape's bits, sample by sample" {
            let f = CustomOperation.apply2 logsumexp (x * y) (CustomOperation.apply softplus x)
            let tape = Tape.compile f
            let rows = [| for k in 0..40 -> [| float k / 7.0 - 3.0; 1.5 - float k / 13.0 |] |]
            let result = Batch.run tape rows

            for s, row in Array.indexed rows do
                let values = Array.zeroCreate<float> tape.Length
                let adjoints = Array.zeroCreate<float> tape.Length
                let gradients = Array.zeroCreate<float> tape.Variables.Count
                let v = tape.Gradient(ReadOnlySpan row, Span values, Span adjoints, Span gradients)
                Expect.isTrue (sameBits v result.Values.Span[s]) $"value of sample {s}"
                Expect.isTrue (Seq.forall2 sameBits gradients (result.Gradients[s].ToArray())) $"gradient of sample {s}"
        }

        test "the symbolic derivative differentiates it again: its Hessian matches central differences" {
            let f = CustomOperation.apply2 logsumexp (x * x) y
            let at = bind [ "x", 0.7; "y", -0.4 ]
            let h = Derivative.hessian [ "x"; "y" ] f
            let analytic = Derivative.evaluate at (Seq.cast<Expr> h)

            let grad (px: float) (py: float) =
                Derivative.evaluate (bind [ "x", px; "y", py ]) (Derivative.gradient [ "x"; "y" ] f)

            let step = 1e-5

            let dx =
                Array.map2 (fun a b -> (a - b) / (2.0 * step)) (grad (0.7 + step) -0.4) (grad (0.7 - step) -0.4)

            let dy =
                Array.map2 (fun a b -> (a - b) / (2.0 * step)) (grad 0.7 (-0.4 + step)) (grad 0.7 (-0.4 - step))

            let numeric = { absolute = 1e-7; relative = 1e-7 }
            Expect.floatClose numeric analytic[0] dx[0] "d2f/dx2"
            Expect.floatClose numeric analytic[1] dy[0] "d2f/dx dy"
            Expect.floatClose numeric analytic[2] dx[1] "d2f/dy dx"
            Expect.floatClose numeric analytic[3] dy[1] "d2f/dy2"
        }

        test "its nodes print and view as the operation" {
            let e = CustomOperation.apply softplus x
            Expect.equal (string e) "softplus(x)" "text"
            Expect.equal e.Operation.Name "softplus" "operation"

            Expect.isTrue
                (match e.Node with
                 | Custom(op, [| a |]) -> obj.ReferenceEquals(op, softplus) && obj.ReferenceEquals(a, x)
                 | _ -> false)
                "Node.Custom"
        }

        test "a derivative that uses another variable is refused when the operation is defined" {
            Expect.throwsT<ArgumentException>
                (fun () ->
                    CustomOperation.unary "scaled" (fun a -> 2.0 * a) (fun _ _ -> Expr.var "k")
                    |> ignore)
                "another variable"
        }

        test "applying it to the wrong number of operands is refused" {
            Expect.throwsT<ArgumentException> (fun () -> CustomOperation.apply logsumexp x |> ignore) "one of two"
        }
    ]

[<Tests>]
let directionalTests =
    testList "checks along random directions" [
        let variables = [ for k in 0..1999 -> Expr.var $"v{k}" ]
        let at = bind [ for k in 0..1999 -> $"v{k}", float (k % 17) / 10.0 - 0.8 ]
        let correct = variables |> List.map (fun v -> tanh v * v) |> Expr.sum

        test "a correct gradient of 2,000 variables passes along every direction" {
            let report =
                NumericCheck.alongDirections NumericCheck.defaults at 8 1 (Tape.compile correct)

            Expect.isTrue report.Ok $"%A{report.Directions}"
            Expect.equal report.Directions.Length 8 "eight directions"
        }

        test "one wrong partial among 2,000 variables fails every direction" {
            // Twice the true derivative of x², for one variable only.
            let wrong = CustomOperation.unary "square" (fun x -> x * x) (fun x _ -> 4.0 * x)
            let f = correct + CustomOperation.apply wrong variables[1234]

            let report =
                NumericCheck.alongDirections NumericCheck.defaults at 8 1 (Tape.compile f)

            Expect.isFalse report.Ok "the check fails"
            Expect.isTrue (report.Directions |> List.forall (fun d -> not d.Ok)) $"%A{report.Directions}"
        }

        test "the check of every variable, shared out over the cores, lists every variable in slot order" {
            let tape = Tape.compile correct
            let report = NumericCheck.ofTape NumericCheck.defaults at tape
            Expect.equal report.Variables.Length 2000 "every variable"
            Expect.isTrue report.Ok "passes"
            Expect.equal (report.Variables |> List.map _.Name) (List.ofSeq tape.Variables) "slot order"
        }
    ]
