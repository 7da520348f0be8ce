// The micrograd neuron o = tanh(x1*w1 + x2*w2 + b): its value and the gradient of every node.
open Backprop.Functional

let x1, x2 = Expr.var "x1", Expr.var "x2"
let w1, w2 = Expr.var "w1", Expr.var "w2"
let b = Expr.var "b"
let x1w1 = x1 * w1
let x2w2 = x2 * w2
let n = x1w1 + x2w2 + b
let o = tanh n

let inputs =
    Bindings.ofList [ "x1", 2.0; "x2", 0.0; "w1", -3.0; "w2", 1.0; "b", 6.8813735870195432 ]

let g = Gradient.compute inputs o

printfn "%-6s %22s %22s" "name" "value" "grad"

for name, node in
    [
        "x1", x1
        "w1", w1
        "x2", x2
        "w2", w2
        "b", b
        "x1w1", x1w1
        "x2w2", x2w2
        "n", n
        "o", o
    ] do
    printfn "%-6s %22.17g %22.17g" name (g.ValueOf node) (g.Of node)
