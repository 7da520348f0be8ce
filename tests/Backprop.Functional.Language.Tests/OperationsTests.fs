module Backprop.Functional.Language.Tests.OperationsTests

open System
open Expecto
open Backprop.Functional
open Backprop.Functional.Language
open Backprop.Functional.Language.Tests.Support

/// The values of a file's rows, by row name (w[0], W[1,0], y).
let private rowValues (text: string list) =
    let result = evaluate (parse text)
    result.Results |> Array.map (fun r -> r.Name, r.Value) |> dict

let private gradients (text: string list) =
    let result = evaluate (parse text)
    result.Results |> Array.map (fun r -> r.Name, r.Gradient) |> dict

/// The dot-product gate and the single sigmoid layer of the notebooks.
let private layer = [
    "W = [[2, -3], [1, 2], [0.5, -0.1]]"
    "x = [-1, -2]"
    "v = [1, -2, 0.5]"
    "a = sigmoid(W @ x)"
    "L = dot(v, a)"
]

[<Tests>]
let tests =
    testList "Operations" [
        testList "literals" [
            test "a vector of numbers is a leaf: one variable per element, named w[0], w[1]" {
                let file = parse [ "w = [2.0, -3.0]"; "y = sum(w)" ]
                let w = file.TryFind "w" |> Option.get
                Expect.isTrue w.IsLeaf "leaf"
                Expect.equal w.Kind (TensorLeaf [| 2.0; -3.0 |]) "values"
                Expect.equal w.Shape (Some(Vector 2)) "shape"
                Expect.equal w.LeafVariables [| "w[0]", 2.0; "w[1]", -3.0 |] "variables"
            }

            test "a matrix of numbers is a leaf, its elements named row-major W[0,0], W[0,1], W[1,0], …" {
                let file = parse layer
                let W = file.TryFind "W" |> Option.get
                Expect.equal W.Shape (Some(Matrix(3, 2))) "shape"

                Expect.equal
                    (W.LeafVariables |> Array.map fst)
                    [| "W[0,0]"; "W[0,1]"; "W[1,0]"; "W[1,1]"; "W[2,0]"; "W[2,1]" |]
                    "names"

                Expect.equal (W.LeafVariables |> Array.map snd) [| 2.0; -3.0; 1.0; 2.0; 0.5; -0.1 |] "values"
            }

            test "brackets of expressions are a computed vector, not a leaf" {
                let file = parse [ "a = 2"; "v = [a, 2 * a, -1]"; "y = sum(v)" ]
                let v = file.TryFind "v" |> Option.get
                Expect.equal v.Kind Computed "computed"
                let values = rowValues [ "a = 2"; "v = [a, 2 * a, -1]"; "y = sum(v)" ]
                Expect.equal values["y"] 5.0 "2 + 4 - 1"
            }

            test "only bare numbers make a leaf: [(2)] and [--2] are computed, as (2) is for a scalar" {
                for text in [ "v = [(2), 1]"; "v = [--2, 1]"; "v = [1, 2][0]" ] do
                    let file = parse [ text ]
                    Expect.isFalse (file.TryFind "v").Value.IsLeaf text
            }

            test "rows of vectors make a matrix; a row can be any vector expression" {
                let values = rowValues [ "a = [1, 2]"; "M = [a, 3 * a]"; "y = M[1, 1]" ]
                Expect.equal values["y"] 6.0 "3 * a[1]"
            }

            test "a ragged matrix is an error at the first row that differs" {
                expectError
                    (singleError [ "W = [[1, 2], [3, 4], [5, 6, 7]]" ])
                    1
                    22
                    "row 2 is a vector of 3 elements, but row 0 is a vector of 2 elements"
            }

            test "a scalar among rows, or a row among scalars, is an error at it" {
                expectError (singleError [ "v = [1, [2, 3]]" ]) 1 9 "element 1 is a vector of 2 elements"
                expectError (singleError [ "v = [[2, 3], 1]" ]) 1 14 "row 1 is a scalar"
            }

            test "brackets of matrices (rank 3) are refused at the outer bracket" {
                expectError (singleError [ "v = [[[1, 2]]]" ]) 1 5 "rank 3: only vectors and matrices are supported"
            }

            test "100,000 nested brackets are parsed without recursion and refused as rank 3" {
                let n = 100_000
                let text = "v = " + String('[', n) + "1" + String(']', n)
                expectError (singleError [ text ]) 1 (5 + n - 3) "rank 3"
            }

            test "a vector of 200,000 numbers is a leaf of 200,000 variables, and its dot product differentiates" {
                let n = 200_000
                let numbers = Array.init n (fun k -> string (k % 7 - 3))

                let result =
                    evaluate (
                        parse [
                            "w = [" + String.Join(", ", numbers) + "]"
                            "x = [" + String.Join(", ", Array.create n "2") + "]"
                            "y = dot(w, x)"
                        ]
                    )

                let expected = numbers |> Array.sumBy (fun s -> 2.0 * float s)
                Expect.equal result.Value expected "value"
                Expect.equal result.Results.Length (2 * n + 1) "one row per element"
                Expect.equal result.Results[n - 1].Gradient 2.0 "dy/dw[n-1] = x[n-1]"
            }
        ]

        testList "indexing" [
            test "v[i] and W[i, j] are the elements themselves, usable as scalars" {
                let values =
                    rowValues [ "v = [4, 5]"; "W = [[1, 2], [3, 4]]"; "y = v[1] * W[1, 0] + v[0]" ]

                Expect.equal values["y"] 19.0 "5 * 3 + 4"
            }

            test "the gradient flows to the indexed element only" {
                let g = gradients [ "v = [4, 5, 6]"; "y = v[1] ** 2" ]
                Expect.equal (g["v[0]"], g["v[1]"], g["v[2]"]) (0.0, 10.0, 0.0) "d/dv"
            }

            test "an index out of range names the vector and the valid indices" {
                expectError
                    (singleError [ "w = [1, 2, 3]"; "y = w[3]" ])
                    2
                    6
                    "index out of range: [3] of w, which has 3 elements (valid indices are 0 to 2)"
            }

            test "a vector takes one index and a matrix two" {
                expectError
                    (singleError [ "w = [1, 2]"; "y = w[0, 1]" ])
                    2
                    6
                    "w has 2 elements: index it with one index, [i], not two"

                expectError
                    (singleError [ "W = [[1, 2]]"; "y = W[0]" ])
                    2
                    6
                    "W is 1×2: index it with two indices, [i, j], not one"
            }

            test "an index is a whole-number literal, not a leaf or a fraction" {
                expectError (singleError [ "w = [1, 2]"; "i = 1"; "y = w[i]" ]) 3 7 "an index must be a whole number"
                expectError (singleError [ "w = [1, 2]"; "y = w[0.5]" ]) 2 7 "an index must be a whole number"
            }

            test "a scalar cannot be indexed" {
                expectError (singleError [ "a = 1"; "y = a[0]" ]) 2 6 "only a vector or a matrix can be indexed"
            }
        ]

        testList "products" [
            test "dot(w, x) of the dot-product gate is 4, with gradient x for w and w for x" {
                let g = gradients [ "w = [2, -3]"; "x = [-1, -2]"; "y = dot(w, x)" ]
                Expect.equal (g["w[0]"], g["w[1]"], g["x[0]"], g["x[1]"]) (-1.0, -2.0, 2.0, -3.0) "gradients"
            }

            test "@ of two vectors is their dot product, as Python's @" {
                let values = rowValues [ "w = [2, -3]"; "x = [-1, -2]"; "y = w @ x" ]
                Expect.equal values["y"] 4.0 "w · x"
            }

            test "W @ x is the matrix–vector product, x @ W the vector–matrix product, A @ B the matrix product" {
                let values =
                    rowValues [
                        "W = [[2, -3], [1, 2], [0.5, -0.1]]"
                        "x = [-1, -2]"
                        "u = [1, 1, 1]"
                        "z = W @ x"
                        "r = u @ W"
                        "P = transpose(W) @ W"
                        "y = sum(z) + sum(r) + P[0, 1]"
                    ]

                Expect.equal (values["z[0]"], values["z[1]"], values["z[2]"]) (4.0, -5.0, -0.3) "z"
                Expect.equal (values["r[0]"], values["r[1]"]) (3.5, -1.1) "r"
                Expect.floatClose exact values["P[0,1]"] (-6.0 + 2.0 - 0.05) "P[0,1] = W[:,0] · W[:,1]"
            }

            test "the gradient of sum(W @ x) is the outer product rule: dW[i,j] = x[j], dx[j] = Σi W[i,j]" {
                let g =
                    gradients [ "W = [[2, -3], [1, 2], [0.5, -0.1]]"; "x = [-1, -2]"; "y = sum(W @ x)" ]

                for i in 0..2 do
                    Expect.equal g[$"W[{i},0]"] -1.0 $"dW[{i},0]"
                    Expect.equal g[$"W[{i},1]"] -2.0 $"dW[{i},1]"

                Expect.floatClose exact g["x[0]"] 3.5 "dx[0]"
                Expect.floatClose exact g["x[1]"] -1.1 "dx[1]"
            }

            test "the sigmoid layer's dW is the notebook's dz · xᵀ with dz[i] = v[i]·a[i]·(1 - a[i])" {
                let result = evaluate (parse layer)

                let row name =
                    result.Results |> Array.find (fun r -> r.Name = name)

                let x = [| -1.0; -2.0 |]
                let v = [| 1.0; -2.0; 0.5 |]

                for i in 0..2 do
                    let a = (row $"a[{i}]").Value
                    let dz = v[i] * a * (1.0 - a)

                    for j in 0..1 do
                        Expect.floatClose exact (row $"W[{i},{j}]").Gradient (dz * x[j]) $"dW[{i},{j}]"
            }

            test "outer(a, b) is a · bᵀ" {
                let values = rowValues [ "a = [1, 2]"; "b = [3, 4, 5]"; "y = sum(outer(a, b))" ]
                Expect.equal values["y"] 36.0 "(1 + 2)(3 + 4 + 5)"
            }
        ]

        testList "element-wise" [
            test "operators apply element by element, with a scalar on either side" {
                let values =
                    rowValues [
                        "w = [2, -3]"
                        "x = [-1, -2]"
                        "p = w * x"
                        "q = 2 * w - x / 2"
                        "y = sum(p) + sum(q)"
                    ]

                Expect.equal (values["p[0]"], values["p[1]"]) (-2.0, 6.0) "w * x"
                Expect.equal (values["q[0]"], values["q[1]"]) (4.5, -5.0) "2w - x/2"
            }

            test "functions apply to every element: sigmoid(W @ x), w ** 2, max(w, 0)" {
                let values =
                    rowValues [
                        "w = [2, -3]"
                        "s = sigmoid(w)"
                        "m = max(w, 0)"
                        "p = w ** 2"
                        "y = sum(s + m + p)"
                    ]

                Expect.floatClose exact values["s[1]"] (1.0 / (1.0 + exp 3.0)) "sigmoid"
                Expect.equal (values["m[0]"], values["m[1]"]) (2.0, 0.0) "max"
                Expect.equal (values["p[0]"], values["p[1]"]) (4.0, 9.0) "square"
            }

            test "mean(v) is sum(v) / n" {
                let values = rowValues [ "v = [1, 2, 6]"; "y = mean(v)" ]
                Expect.equal values["y"] 3.0 "mean"
            }

            test "the vector and the scalar form of a computation give bit-identical gradients" {
                let vector =
                    gradients [ "w = [2, -3]"; "x = [-1, -2]"; "b = 0.5"; "y = sigmoid(dot(w, x) + b) ** 2" ]

                let scalar =
                    gradients [
                        "w0 = 2"
                        "w1 = -3"
                        "x0 = -1"
                        "x1 = -2"
                        "b = 0.5"
                        "y = sigmoid(w0 * x0 + w1 * x1 + b) ** 2"
                    ]

                for v, s in [ "w[0]", "w0"; "w[1]", "w1"; "x[0]", "x0"; "x[1]", "x1"; "b", "b" ] do
                    Expect.equal vector[v] scalar[s] $"d/d{v}"
            }
        ]

        testList "shape errors" [
            test "W @ x with the wrong length states both shapes at the '@'" {
                expectError
                    (singleError [ "W = [[2, -3], [1, 2], [0.5, -0.1]]"; "x = [1, 2, 3]"; "y = sum(W @ x)" ])
                    3
                    11
                    "shape mismatch: W is 3×2, x has 3 elements"
            }

            test "element-wise operands of different shapes are an error at the operator" {
                expectError
                    (singleError [ "a = [1, 2]"; "b = [1, 2, 3]"; "y = sum(a + b)" ])
                    3
                    11
                    "shape mismatch: a has 2 elements, b has 3 elements (+ needs equal shapes"
            }

            test "a computed vector is named in messages by its binding" {
                expectError (singleError [ "a = [1, 2]"; "z = 2 * a"; "y = dot(z, [1, 2, 3])" ]) 3 5 "z has 2 elements"
            }

            test "a failed line adds no second error where its name is used" {
                let d = singleError [ "W = [[1, 2], [3]]"; "y = sum(W @ [1, 2])" ]
                expectError d 1 14 "row 1 is a vector of 1 element"
            }

            test "@ with a scalar says to use *" {
                expectError (singleError [ "a = [1, 2]"; "y = a @ 2" ]) 2 7 "use * to scale"
            }

            test "sum of a scalar is an error at the call" {
                expectError
                    (singleError [ "a = 2"; "y = sum(a)" ])
                    2
                    5
                    "sum needs a vector or matrix, but its argument is a scalar"
            }
        ]
    ]
