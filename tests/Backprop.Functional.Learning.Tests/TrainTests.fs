module Backprop.Functional.Learning.Tests.TrainTests

open Expecto
open Backprop.Functional.Learning
open Backprop.Functional.Learning.Tests.Support

let private quick = { Train.defaults with Steps = 10 }

let private errorOf options data =
    match Train.run options ignoreProgress data with
    | Error error -> error
    | Ok result -> failtestf "expected an error, got %A" result.Loss

[<Tests>]
let tests =
    testList "training" [
        test "is deterministic given the seed" {
            let a = expectOk (Train.run quick ignoreProgress (moons ())) "first"
            let b = expectOk (Train.run quick ignoreProgress (moons ())) "second"
            Expect.equal b.Model a.Model "same parameters"
            Expect.equal b.Loss a.Loss "same loss"

            let c =
                expectOk (Train.run { quick with Seed = 2L } ignoreProgress (moons ())) "other seed"

            Expect.notEqual c.Model.Parameters a.Model.Parameters "another seed, another start"
        }

        test "reports every step before its update, and the model's own loss and accuracy at the end" {
            let steps = ResizeArray()

            let result =
                expectOk (Train.run quick (fun p -> steps.Add p.Step) (moons ())) "training"

            Expect.equal (List.ofSeq steps) [ 0..9 ] "progress steps"
            Expect.equal result.Steps 10 "updates"
            Expect.equal (Model.accuracy result.Model (moons ())) result.Accuracy "accuracy of the returned model"
        }

        test "trains with every loss, activation and optimiser at a moderate rate" {
            for loss in Loss.all do
                for activation in [ Activation.Relu; Activation.Tanh ] do
                    for optimizer, rate in [ Optimizer.Sgd, 0.1; Optimizer.momentum, 0.05; Optimizer.adam, 0.01 ] do
                        let options = {
                            Train.defaults with
                                Loss = loss
                                Activation = activation
                                Optimizer = optimizer
                                LearningRate = rate
                                Steps = 60
                        }

                        let result = expectOk (Train.run options ignoreProgress (moons ())) "training"

                        let name =
                            $"{Loss.name loss}/{Activation.name activation}/{Optimizer.name optimizer}"

                        Expect.isGreaterThan result.Accuracy 0.85 name
        }

        test "stops when the loss becomes NaN and says at which step" {
            // A rate this large makes the squared error of a linear output diverge to infinity.
            let options = {
                quick with
                    Loss = Loss.SquaredError
                    LearningRate = 1e200
                    Decay = Decay.NoDecay
                    Steps = 50
            }

            match errorOf options (moons ()) with
            | TrainError.LossNotFinite(step, _) as error ->
                Expect.isGreaterThan step 0 "after some steps"
                Expect.stringContains (TrainError.message error) $"at step {step}" "message"
            | other -> failtestf "unexpected %A" other
        }

        test "rejects unusable options, naming each problem" {
            match
                errorOf
                    {
                        quick with
                            Layers = [ 16; 0 ]
                            Steps = 0
                            LearningRate = -1.0
                            L2 = nan
                    }
                    (moons ())
            with
            | TrainError.InvalidOptions problems -> Expect.equal problems.Length 4 "four problems"
            | other -> failtestf "unexpected %A" other
        }

        test "rejects a network too large to build, before building it" {
            match
                errorOf
                    {
                        quick with
                            Layers = [ 100_000; 100_000 ]
                    }
                    (moons ())
            with
            | TrainError.InvalidOptions problems -> Expect.stringContains problems.Head "at most 1000000" "message"
            | other -> failtestf "unexpected %A" other
        }

        test "rejects data it cannot learn from" {
            let oneClass = {
                Names = None
                Features = [| [| 1.0 |]; [| 2.0 |] |]
                Labels = [| 1.0; 1.0 |]
            }

            match errorOf quick oneClass with
            | TrainError.InvalidData problems -> Expect.stringContains problems.Head "both classes" "message"
            | other -> failtestf "unexpected %A" other
        }

        test "decays name the schedule they give" {
            Expect.equal (Train.schedule { quick with Decay = Decay.NoDecay }) (Schedule.Constant 1.0) "constant"
            Expect.equal (Train.schedule quick) (Schedule.LinearDecay(1.0, 10)) "linear"
            Expect.equal (Decay.parse "Linear") (Ok Decay.Linear) "linear by name"
            Expect.equal (Decay.parse "none") (Ok Decay.NoDecay) "none by name"
            Expect.isError (Decay.parse "cosine") "unknown decay"
        }
    ]
