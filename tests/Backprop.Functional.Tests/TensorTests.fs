/// Vectors and matrices of expressions: construction, shapes, element-wise operations, products.
module Backprop.Functional.Tests.TensorTests

open System
open Expecto
open Backprop.Functional
open Backprop.Functional.Tests.Support

let private c = Expr.constant

/// The values of a tensor's elements (no variables involved).
let private valuesOf (t: Tensor) = Tensor.evaluate Bindings.empty t

let private expectValues (actual: Tensor) (expected: float[]) message =
    Expect.sequenceEqual (valuesOf actual) expected message

/// Runs f, expects a ShapeException and returns its message.
let private shapeError (f: unit -> 'a) =
    let e = Expect.throwsC (f >> ignore) id

    match e with
    | :? ShapeException as e -> e.Message
    | other -> failwithf "expected a ShapeException, got %O" other

let private expectMessage (message: string) (parts: string list) =
    for part in parts do
        Expect.stringContains message part $"the message names {part}"

let private W =
    Tensor.constantMatrix (array2D [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ]; [ 5.0; 6.0 ] ])
    |> Tensor.named "W"

[<Tests>]
let tests =
    testList "tensors" [
        testList "construction" [
            test "a vector of constants has its values and length" {
                let v = Tensor.constants [| 2.0; -3.0 |]
                Expect.equal v.Shape (Vector 2) "shape"
                expectValues v [| 2.0; -3.0 |] "values"
            }

            test "a matrix of constants is stored row by row" {
                Expect.equal W.Shape (Matrix(3, 2)) "shape"
                Expect.equal W.Shape.Dimensions [| 3; 2 |] "dimensions"
                Expect.equal W.Count 6 "count"
                expectValues W [| 1.0; 2.0; 3.0; 4.0; 5.0; 6.0 |] "row-major"
            }

            test "a matrix from rows equals the same matrix from a 2-D array" {
                let rows: Expr list list = [ [ c 1.0; c 2.0 ]; [ c 3.0; c 4.0 ] ]
                let fromRows = Tensor.matrix rows
                let from2D = Tensor.ofArray2D (array2D [ [ c 1.0; c 2.0 ]; [ c 3.0; c 4.0 ] ])
                Expect.equal fromRows.Shape from2D.Shape "shape"
                Expect.sequenceEqual (valuesOf fromRows) (valuesOf from2D) "values"
            }

            test "ragged rows are refused with the lengths that differ" {
                let message = shapeError (fun () -> Tensor.matrix [ [ c 1.0; c 2.0 ]; [ c 3.0 ] ])
                expectMessage message [ "row 0 has 2"; "row 1 has 1" ]
            }

            test "ofArray refuses an element count that does not fit the shape" {
                let message = shapeError (fun () -> Tensor.ofArray (Matrix(2, 2)) [| c 1.0 |])
                expectMessage message [ "2×2"; "needs 4"; "1 were given" ]
            }

            test "ofArray copies its input, so the tensor stays immutable" {
                let items = [| c 1.0; c 2.0 |]
                let v = Tensor.ofArray (Vector 2) items
                items[0] <- c 99.0
                expectValues v [| 1.0; 2.0 |] "unchanged"
            }

            test "variables are named w[0], w[1] and W[1,0] in row-major order" {
                let w = Tensor.variables "w" (Vector 2)
                let M = Tensor.variables "W" (Matrix(2, 3))
                Expect.equal (string w[1]) "w[1]" "vector element"
                Expect.equal (string M[1, 0]) "W[1,0]" "matrix element"

                Expect.sequenceEqual
                    (Tensor.elementNames "W" (Matrix(2, 3)))
                    [| "W[0,0]"; "W[0,1]"; "W[0,2]"; "W[1,0]"; "W[1,1]"; "W[1,2]" |]
                    "row-major names"
            }

            test "bind and bindMatrix give the bindings of those variables" {
                Expect.equal (Tensor.bind "w" [| 2.0; -3.0 |]) [ "w[0]", 2.0; "w[1]", -3.0 ] "vector"

                Expect.equal
                    (Tensor.bindMatrix "W" (array2D [ [ 1.0; 2.0 ]; [ 3.0; 4.0 ] ]))
                    [ "W[0,0]", 1.0; "W[0,1]", 2.0; "W[1,0]", 3.0; "W[1,1]", 4.0 ]
                    "matrix"
            }

            test "a negative size is refused" {
                expectMessage (shapeError (fun () -> Tensor.variables "v" (Vector -1))) [ "-1 elements" ]
                expectMessage (shapeError (fun () -> Tensor.variables "M" (Matrix(2, -3)))) [ "2×-3" ]
            }

            test "a null element is refused" {
                Expect.throwsT<ArgumentNullException>
                    (fun () -> Tensor.vector [ c 1.0; Unchecked.defaultof<Expr> ] |> ignore)
                    "null element"
            }
        ]

        testList "indexing" [
            test "v[i] and W[i, j] are the elements themselves" {
                let w = Tensor.variables "w" (Vector 3)
                Expect.isTrue (obj.ReferenceEquals(w[2], w.Elements[2])) "same node"
                expectClose exact (Evaluate.value Bindings.empty W[2, 1]) 6.0 "W[2, 1]"
            }

            test "an index out of range names the index and the shape" {
                let w = Tensor.variables "w" (Vector 3)
                expectMessage (shapeError (fun () -> w[3])) [ "[3]"; "w"; "3 elements"; "0 to 2" ]
                expectMessage (shapeError (fun () -> W[0, 2])) [ "[0, 2]"; "W"; "3×2" ]
                expectMessage (shapeError (fun () -> w[-1])) [ "[-1]" ]
            }

            test "a vector indexed twice or a matrix indexed once says how to index it" {
                let w = Tensor.variables "w" (Vector 3)
                expectMessage (shapeError (fun () -> w[0, 0])) [ "w has 3 elements"; "one index" ]
                expectMessage (shapeError (fun () -> W[0])) [ "W is 3×2"; "two indices" ]
            }

            test "row and column are vectors of a matrix's elements" {
                expectValues (Tensor.row 1 W) [| 3.0; 4.0 |] "row 1"
                expectValues (Tensor.column 1 W) [| 2.0; 4.0; 6.0 |] "column 1"
            }
        ]

        testList "element-wise" [
            let a = Tensor.constants [| 1.0; 2.0; 4.0 |]
            let b = Tensor.constants [| 8.0; -1.0; 2.0 |]

            test "tensor ⊕ tensor applies the operator to each pair of elements" {
                expectValues (a + b) [| 9.0; 1.0; 6.0 |] "+"
                expectValues (a - b) [| -7.0; 3.0; 2.0 |] "-"
                expectValues (a * b) [| 8.0; -2.0; 8.0 |] "*"
                expectValues (a / b) [| 0.125; -2.0; 2.0 |] "/"
                expectValues (-a) [| -1.0; -2.0; -4.0 |] "negation"
            }

            test "a scalar expression or float on either side applies to every element" {
                let s = c 2.0
                expectValues (a + s) [| 3.0; 4.0; 6.0 |] "a + s"
                expectValues (s - a) [| 1.0; 0.0; -2.0 |] "s - a"
                expectValues (a * 3.0) [| 3.0; 6.0; 12.0 |] "a * 3"
                expectValues (8.0 / a) [| 8.0; 4.0; 2.0 |] "8 / a"
                expectValues (a ** 2.0) [| 1.0; 4.0; 16.0 |] "a ** 2"
            }

            test "element-wise functions match the scalar functions" {
                let x = Tensor.constants [| -2.0; 0.0; 0.5 |]

                let scalar f =
                    [| -2.0; 0.0; 0.5 |]
                    |> Array.map (fun v -> Evaluate.value Bindings.empty (f (c v)))

                expectValues (tanh x) (scalar tanh) "tanh"
                expectValues (exp x) (scalar exp) "exp"
                expectValues (Tensor.sigmoid x) (scalar sigmoid) "sigmoid"
                expectValues (Tensor.relu x) (scalar relu) "relu"
                expectValues (Tensor.map (fun e -> e * e + 1.0) x) (scalar (fun e -> e * e + 1.0)) "map"
                expectValues (log (Tensor.constants [| 1.0; Math.E |])) [| 0.0; 1.0 |] "log"
            }

            test "operands of different shapes are refused with both shapes" {
                let M = Tensor.variables "M" (Matrix(3, 1))
                let v = Tensor.variables "v" (Vector 3)
                expectMessage (shapeError (fun () -> M + v)) [ "shape mismatch"; "M is 3×1"; "v has 3 elements" ]
                expectMessage (shapeError (fun () -> a * Tensor.constants [| 1.0 |])) [ "3 elements"; "1 element" ]
            }
        ]

        testList "reductions and products" [
            test "sum and mean add up every element" {
                expectClose exact (Evaluate.value Bindings.empty (Tensor.sum W)) 21.0 "sum"
                expectClose exact (Evaluate.value Bindings.empty (Tensor.mean W)) 3.5 "mean"
                expectClose exact (Evaluate.value Bindings.empty (Tensor.sum (Tensor.constants [||]))) 0.0 "empty sum"
            }

            test "the mean of nothing is refused" {
                expectMessage (shapeError (fun () -> Tensor.mean (Tensor.constants [||]))) [ "0 elements" ]
            }

            test "dot multiplies pairs and adds them" {
                let d =
                    Tensor.dot (Tensor.constants [| 2.0; -3.0 |]) (Tensor.constants [| -1.0; -2.0 |])

                expectClose exact (Evaluate.value Bindings.empty d) 4.0 "2·(-1) + (-3)·(-2)"
            }

            test "matmul of a matrix and a vector, a vector and a matrix, and two matrices" {
                let x = Tensor.constants [| 1.0; -1.0 |]
                expectValues (Tensor.matmul W x) [| -1.0; -1.0; -1.0 |] "W x"
                let y = Tensor.constants [| 1.0; 0.0; 2.0 |]
                expectValues (Tensor.matmul y W) [| 11.0; 14.0 |] "yᵀ W"
                let B = Tensor.constantMatrix (array2D [ [ 1.0; 0.0; 2.0 ]; [ 0.0; 1.0; -1.0 ] ])
                let P = Tensor.matmul W B
                Expect.equal P.Shape (Matrix(3, 3)) "3×2 @ 2×3"
                expectValues P [| 1.0; 2.0; 0.0; 3.0; 4.0; 2.0; 5.0; 6.0; 4.0 |] "W B"
            }

            test "transpose swaps rows and columns and leaves a vector as it is" {
                let T = Tensor.transpose W
                Expect.equal T.Shape (Matrix(2, 3)) "shape"
                expectValues T [| 1.0; 3.0; 5.0; 2.0; 4.0; 6.0 |] "Wᵀ"
                let v = Tensor.constants [| 1.0; 2.0 |]
                Expect.isTrue (obj.ReferenceEquals(Tensor.transpose v, v)) "vector unchanged"
            }

            test "outer gives a[i]·b[j]" {
                let o =
                    Tensor.outer (Tensor.constants [| 1.0; 2.0; 3.0 |]) (Tensor.constants [| 10.0; -1.0 |])

                Expect.equal o.Shape (Matrix(3, 2)) "shape"
                expectValues o [| 10.0; -1.0; 20.0; -2.0; 30.0; -3.0 |] "values"
            }

            test "a matrix–vector product with the wrong length states both shapes" {
                let x = Tensor.variables "x" (Vector 3)

                expectMessage (shapeError (fun () -> Tensor.matmul W x)) [
                    "shape mismatch: W is 3×2, x has 3 elements"
                ]
            }

            test "every product refuses incompatible shapes with both shapes in the message" {
                let v2, v3 = Tensor.constants [| 1.0; 2.0 |], Tensor.constants [| 1.0; 2.0; 3.0 |]
                expectMessage (shapeError (fun () -> Tensor.dot v2 v3)) [ "2 elements"; "3 elements" ]
                expectMessage (shapeError (fun () -> Tensor.dot W v2)) [ "dot needs a vector"; "W is 3×2" ]
                expectMessage (shapeError (fun () -> Tensor.matmul v2 W)) [ "2 elements"; "3×2" ]
                expectMessage (shapeError (fun () -> Tensor.matmul W W)) [ "3×2"; "columns on the left" ]
                expectMessage (shapeError (fun () -> Tensor.matmul v2 v2)) [ "use dot" ]
                expectMessage (shapeError (fun () -> Tensor.outer W v2)) [ "outer needs a vector" ]
            }
        ]

        testList "text" [
            test "a tensor prints its elements row by row" {
                Expect.equal (string (Tensor.variables "w" (Vector 2))) "[w[0], w[1]]" "vector"

                Expect.equal
                    (string (Tensor.variables "W" (Matrix(2, 2))))
                    "[[W[0,0], W[0,1]], [W[1,0], W[1,1]]]"
                    "matrix"
            }

            test "printing a large tensor is bounded" {
                let big = Tensor.variables "v" (Vector 1_000_000)
                Expect.isLessThan (string big).Length 10_000 "bounded"
                Expect.isTrue ((string big).EndsWith "…]") "cut with an ellipsis"
            }
        ]
    ]
