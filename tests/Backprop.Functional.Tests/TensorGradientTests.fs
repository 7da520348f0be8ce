/// Gradients of vector and matrix computations: the notebooks' hand-derived rules, and agreement
/// with the same computations written with scalars and with central differences.
module Backprop.Functional.Tests.TensorGradientTests

open System
open Expecto
open FsCheck
open FsCheck.FSharp
open Backprop.Functional
open Backprop.Functional.Tests.Support

let private sameBits (a: float) (b: float) =
    BitConverter.DoubleToInt64Bits a = BitConverter.DoubleToInt64Bits b

let private expectSameGradients (vectorForm: Gradients) (scalarForm: Gradients) =
    Expect.isTrue (sameBits vectorForm.Value scalarForm.Value) "same value, bit for bit"
    Expect.equal vectorForm.Variables.Count scalarForm.Variables.Count "same variables"

    for KeyValue(name, gradient) in scalarForm.Variables do
        Expect.isTrue (sameBits vectorForm[name] gradient) $"d/d{name} bit for bit"

let private logistic (z: float) = 1.0 / (1.0 + Math.Exp(-z))

// The single layer of the notebook: W is 3×2, x is fixed, L = v · sigmoid(W x).
let private layerW = array2D [ [ 2.0; -3.0 ]; [ 1.0; 2.0 ]; [ 0.5; -0.1 ] ]
let private layerX = [| -1.0; -2.0 |]
let private layerV = [| 1.0; -2.0; 0.5 |]

let private layerBindings =
    Bindings.ofList (Tensor.bindMatrix "W" layerW @ Tensor.bind "x" layerX)

/// A random shape-compatible problem: A is m×n, B is n×k, x has k elements, b has m elements.
type private Problem = {
    A: float[,]
    B: float[,]
    X: float[]
    Bias: float[]
} with

    override this.ToString() = sprintf "%A" this

let private problems =
    let value = Gen.choose (-1500, 1500) |> Gen.map (fun k -> float k / 1000.0)

    gen {
        let! m = Gen.choose (1, 4)
        let! n = Gen.choose (1, 4)
        let! k = Gen.choose (1, 4)
        let! a = Gen.array2DOfDim m n value
        let! b = Gen.array2DOfDim n k value
        let! x = Gen.arrayOfLength k value
        let! bias = Gen.arrayOfLength m value
        return { A = a; B = b; X = x; Bias = bias }
    }
    |> Arb.fromGen

let private problemBindings (p: Problem) =
    Bindings.ofList (
        Tensor.bindMatrix "A" p.A
        @ Tensor.bindMatrix "B" p.B
        @ Tensor.bind "x" p.X
        @ Tensor.bind "b" p.Bias
    )

/// A loss that uses every tensor operation on the problem's shapes.
let private problemLoss (p: Problem) =
    let A = Tensor.variables "A" (Matrix(Array2D.length1 p.A, Array2D.length2 p.A))
    let B = Tensor.variables "B" (Matrix(Array2D.length1 p.B, Array2D.length2 p.B))
    let x = Tensor.variables "x" (Vector p.X.Length)
    let b = Tensor.variables "b" (Vector p.Bias.Length)
    let Bx = Tensor.matmul x (Tensor.transpose B) // B x written as x Bᵀ
    let z = Tensor.matmul A Bx
    let h = tanh (z + b) * Tensor.sigmoid z
    let pairs = Tensor.outer b Bx // m×n, like A
    let AB = Tensor.matmul A B

    Tensor.mean h + 0.5 * Tensor.sum (A * pairs) - Tensor.mean (exp (AB / 4.0))
    + Tensor.dot b b / (1.0 + Tensor.sum (log (1.0 + B ** 2.0)))

let private config = {
    FsCheckConfig.defaultConfig with
        maxTest = 200
}

[<Tests>]
let tests =
    testList "tensor gradients" [
        test "the gradient of sum(W x) follows the outer-product rule: dW[i,j] = x[j], dx[j] = Σi W[i,j]" {
            let W = Tensor.variables "W" (Matrix(3, 2))
            let x = Tensor.variables "x" (Vector 2)
            let g = Gradient.compute layerBindings (Tensor.sum (Tensor.matmul W x))
            let dW = Tensor.gradientMatrix g W
            let dx = Tensor.gradient g x
            Expect.equal (Array2D.length1 dW, Array2D.length2 dW) (3, 2) "dW is shaped like W"

            for i in 0..2 do
                for j in 0..1 do
                    Expect.equal dW[i, j] layerX[j] $"dW[{i},{j}] = x[{j}]"

            for j in 0..1 do
                expectClose exact dx[j] (layerW[0, j] + layerW[1, j] + layerW[2, j]) $"dx[{j}]"
        }

        test "the Hacker's guide dot-product gate sigmoid(w · x) has the hand-derived gradient" {
            let w = Tensor.variables "w" (Vector 2)
            let x = Tensor.variables "x" (Vector 2)
            let wValues, xValues = [| 2.0; -3.0 |], [| -1.0; -2.0 |]
            let inputs = Bindings.ofList (Tensor.bind "w" wValues @ Tensor.bind "x" xValues)
            let g = Gradient.compute inputs (sigmoid (Tensor.dot w x))
            expectClose exact g.Value 0.9820137900379085 "sigmoid(4)"
            // d sigmoid(z)/dz = s(1 - s); dz/dw = x and dz/dx = w.
            let ds = g.Value * (1.0 - g.Value)
            let dw, dx = Tensor.gradient g w, Tensor.gradient g x

            for k in 0..1 do
                expectClose exact dw[k] (xValues[k] * ds) $"dw[{k}] = x[{k}]·s(1-s)"
                expectClose exact dx[k] (wValues[k] * ds) $"dx[{k}] = w[{k}]·s(1-s)"

            expectClose exact dw[0] -0.017662706213291107 "dw[0]"
            expectClose exact dx[1] -0.05298811863987332 "dx[1]"
        }

        test "one gradient-ascent step on the dot-product gate increases its output" {
            let w = Tensor.variables "w" (Vector 2)
            let x = Tensor.variables "x" (Vector 2)
            let f = sigmoid (Tensor.dot w x)
            let wValues, xValues = [| 2.0; -3.0 |], [| -1.0; -2.0 |]

            let at (wv: float[]) (xv: float[]) =
                Bindings.ofList (Tensor.bind "w" wv @ Tensor.bind "x" xv)

            let g = Gradient.compute (at wValues xValues) f
            let rate = 0.01

            let step (values: float[]) (gradient: float[]) =
                Array.map2 (fun v d -> v + rate * d) values gradient

            let after =
                Evaluate.value (at (step wValues (Tensor.gradient g w)) (step xValues (Tensor.gradient g x))) f

            Expect.isGreaterThan after g.Value "the output went up"
        }

        test "the single layer sigmoid(W x) with W 3×2 has dW = dz · xᵀ and dx = Wᵀ dz, as derived by hand" {
            let W = Tensor.variables "W" (Matrix(3, 2))
            let x = Tensor.variables "x" (Vector 2)
            let a = Tensor.sigmoid (Tensor.matmul W x)
            let g = Gradient.compute layerBindings (Tensor.dot (Tensor.constants layerV) a)
            // By hand: z = W x, a = σ(z), L = v · a, so dz[i] = v[i]·a[i]·(1 - a[i]).
            let z = Array.init 3 (fun i -> layerW[i, 0] * layerX[0] + layerW[i, 1] * layerX[1])
            let dz = Array.init 3 (fun i -> layerV[i] * logistic z[i] * (1.0 - logistic z[i]))
            let dW = Tensor.gradientMatrix g W
            let dx = Tensor.gradient g x

            for i in 0..2 do
                for j in 0..1 do
                    expectClose exact dW[i, j] (dz[i] * layerX[j]) $"dW[{i},{j}] = dz[{i}]·x[{j}]"

            for j in 0..1 do
                let expected = dz[0] * layerW[0, j] + dz[1] * layerW[1, j] + dz[2] * layerW[2, j]
                expectClose exact dx[j] expected $"dx[{j}]"

            let a = Tensor.values g a

            for i in 0..2 do
                expectClose exact a[i] (logistic z[i]) $"a[{i}] = σ(z[{i}])"
        }

        test "the dot-product gate written with vectors and with scalars gives identical gradients" {
            let w = Tensor.variables "w" (Vector 2)
            let x = Tensor.variables "x" (Vector 2)
            let v = Expr.var

            let inputs =
                Bindings.ofList (Tensor.bind "w" [| 2.0; -3.0 |] @ Tensor.bind "x" [| -1.0; -2.0 |])

            let vectorForm = Gradient.compute inputs (sigmoid (Tensor.dot w x))

            let scalarForm =
                Gradient.compute inputs (sigmoid (v "w[0]" * v "x[0]" + v "w[1]" * v "x[1]"))

            expectSameGradients vectorForm scalarForm
        }

        test "the single layer written with a matrix and with scalars gives identical gradients" {
            let W = Tensor.variables "W" (Matrix(3, 2))
            let x = Tensor.variables "x" (Vector 2)

            let vectorForm =
                Tensor.dot (Tensor.constants layerV) (Tensor.sigmoid (Tensor.matmul W x))

            let v = Expr.var

            let neuron i =
                sigmoid (v $"W[{i},0]" * v "x[0]" + v $"W[{i},1]" * v "x[1]")

            let scalarForm = layerV[0] * neuron 0 + layerV[1] * neuron 1 + layerV[2] * neuron 2
            expectSameGradients (Gradient.compute layerBindings vectorForm) (Gradient.compute layerBindings scalarForm)
        }

        test "a gradient reads 0 for an element the output does not use" {
            let w = Tensor.variables "w" (Vector 3)

            let g =
                Gradient.compute (Bindings.ofList (Tensor.bind "w" [| 1.0; 2.0; 3.0 |])) (w[0] * w[2])

            Expect.sequenceEqual (Tensor.gradient g w) [| 3.0; 0.0; 1.0 |] "dw"
        }

        test "a dot product of 200,000 elements is differentiated without recursion" {
            let n = 200_000
            let w = Tensor.variables "w" (Vector n)
            let x = Tensor.constants (Array.init n (fun k -> float (k % 7)))
            let inputs = Bindings.ofList (Tensor.bind "w" (Array.create n 1.0))
            let g = Gradient.compute inputs (Tensor.dot w x)
            Expect.sequenceEqual (Tensor.gradient g w) (Array.init n (fun k -> float (k % 7))) "dw = x"
        }

        test "gradientMatrix refuses a vector" {
            let w = Tensor.variables "w" (Vector 2)

            let g =
                Gradient.compute (Bindings.ofList (Tensor.bind "w" [| 1.0; 2.0 |])) (Tensor.sum w)

            Expect.throwsT<ShapeException> (fun () -> Tensor.gradientMatrix g w |> ignore) "a vector"
        }

        testPropertyWithConfig config "on random shapes the analytic gradient agrees with central differences"
        <| Prop.forAll problems (fun p ->
            let report =
                NumericCheck.run { Step = 1e-6; Tolerance = 1e-6 } (problemBindings p) (problemLoss p)

            report.Ok |> Prop.label (sprintf "%A" report.Variables))

        testPropertyWithConfig config "on random shapes W x with matrices equals the same sums written with scalars"
        <| Prop.forAll problems (fun p ->
            let rows, columns = Array2D.length1 p.A, Array2D.length2 p.A
            let A = Tensor.variables "A" (Matrix(rows, columns))
            let b = Tensor.variables "b" (Vector rows)
            let u = Tensor.variables "u" (Vector columns)
            let vectorForm = Tensor.sum (tanh (Tensor.matmul A u + b))
            let v = Expr.var

            let scalarRow i =
                let mutable z = v $"A[{i},0]" * v "u[0]"

                for j in 1 .. columns - 1 do
                    z <- z + v $"A[{i},{j}]" * v $"u[{j}]"

                tanh (z + v $"b[{i}]")

            let scalarForm = List.init rows scalarRow |> List.reduce (+)

            let inputs =
                Bindings.ofList (
                    Tensor.bindMatrix "A" p.A
                    @ Tensor.bind "b" p.Bias
                    @ Tensor.bind "u" (Array.init columns (fun j -> p.B[j, 0]))
                )

            let vg, sg = Gradient.compute inputs vectorForm, Gradient.compute inputs scalarForm

            sameBits vg.Value sg.Value
            && sg.Variables |> Seq.forall (fun kv -> sameBits vg[kv.Key] kv.Value))
    ]
