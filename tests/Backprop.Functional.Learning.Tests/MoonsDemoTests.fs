module Backprop.Functional.Learning.Tests.MoonsDemoTests

open Expecto
open Backprop.Functional
open Backprop.Functional.Learning
open Backprop.Functional.Learning.Tests.Support

/// How many expression nodes the process has built so far (ids increase by one per node).
let private nodesBuilt () = (Expr.constant 0.0).Id

[<Tests>]
let tests =
    testList "micrograd's moons demo" [
        test "MLP(2, [16, 16, 1]) relu, hinge loss + L2 1e-4, 100 decaying steps: at least 99% accuracy" {
            let progress = ResizeArray()
            let result = expectOk (Train.run Train.defaults progress.Add (moons ())) "training"
            Expect.equal result.Steps 100 "steps"
            Expect.isGreaterThanOrEqual result.Accuracy 0.99 "training accuracy"
            Expect.equal progress[0].Accuracy 0.5 "the untrained network starts at chance"
            Expect.isLessThan result.Loss (progress[0].Loss / 10.0) "the loss falls tenfold"
        }

        test "examples/moons.csv is the generator's output for n = 100, noise 0.1, seed 1, and trains to 99%" {
            let path = repositoryFile "examples/moons.csv"
            Expect.equal (System.IO.File.ReadAllText path) (Csv.format (moons ())) "the committed file"
            let data = expectOk (Csv.load path) "load"
            let result = expectOk (Train.run Train.defaults ignoreProgress data) "training"
            Expect.isGreaterThanOrEqual result.Accuracy 0.99 "training accuracy"
        }

        // Sequenced: node ids are process-wide, so no other test may build nodes meanwhile.
        testSequenced
        <| test "builds its graph once, however many steps it runs" {
            let nodesFor steps =
                let before = nodesBuilt ()

                expectOk (Train.run { Train.defaults with Steps = steps } ignoreProgress (moons ())) "training"
                |> ignore

                nodesBuilt () - before

            Expect.equal (nodesFor 100) (nodesFor 5) "nodes built by 100 steps and by 5"
        }
    ]
