/// The perceptron of the notebooks: output w·x, squared loss against 0.12, trained until below 1e-4.
module Perceptron

open Backprop.Functional
open Backprop.Functional.Learning

let private w0, w1 = Expr.var "w0", Expr.var "w1"
let private x0, x1 = Expr.var "x0", Expr.var "x1"
let private loss = (w0 * x0 + w1 * x1 - 0.12) ** 2.0

let private start =
    Bindings.ofList [ "w0", 2.0; "w1", -3.0; "x0", -1.0; "x1", -2.0 ]

let run () =
    printfn "Perceptron: w = [2, -3], x = [-1, -2], target 0.12, rate 0.01, until the squared loss <= 1e-4"

    for optimizer in [ Optimizer.Sgd; Optimizer.adam ] do
        let options = {
            Optimize.defaults 0.01 with
                Optimizer = optimizer
                Steps = 10_000
                Until = Some 1e-4
                Parameters = [ "w0"; "w1" ]
        }

        match Optimize.run options ignore start loss with
        | Ok result ->
            let w = Map.ofList result.Variables

            printfn
                "  %-4s %4d iterations, loss %.3g, w = [%.6f, %.6f]"
                (Optimizer.name optimizer)
                result.Steps
                result.Value
                w["w0"]
                w["w1"]
        | Error message -> printfn "  %s failed: %s" (Optimizer.name optimizer) message
