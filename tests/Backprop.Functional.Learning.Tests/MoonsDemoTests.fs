module Backprop.Functional.Learning.Tests.MoonsDemoTests

open System.Diagnostics
open Expecto
open Backprop.Functional.Learning
open Backprop.Functional.Learning.Tests.Support

[<Tests>]
let tests =
    testList "micrograd's moons demo" [
        test "MLP(2, [16, 16, 1]) relu with hinge loss and L2 1e-4 separates the moons in 100 steps" {
            let data = moons ()
            let clock = Stopwatch.StartNew()
            let losses = ResizeArray()

            let result =
                expectOk (Train.run Train.defaults (fun p -> losses.Add p) data) "training"

            clock.Stop()

            printfn
                "moons: %d steps, loss %g, accuracy %g, %d ms"
                result.Steps
                result.Loss
                result.Accuracy
                clock.ElapsedMilliseconds

            for p in losses do
                printfn "step %d loss %g acc %g" p.Step p.Loss p.Accuracy

            Expect.isGreaterThanOrEqual result.Accuracy 0.99 "training accuracy"
        }
    ]
