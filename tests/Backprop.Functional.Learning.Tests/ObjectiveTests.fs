module Backprop.Functional.Learning.Tests.ObjectiveTests

open System
open Expecto
open Backprop.Functional
open Backprop.Functional.Learning
open Backprop.Functional.Learning.Tests.Support

let private data = {
    Names = None
    Features = [| [| 0.5; -1.0 |]; [| -0.2; 0.3 |]; [| 1.5; 2.0 |]; [| -1.0; -0.5 |] |]
    Labels = [| 1.0; -1.0; -1.0; 1.0 |]
}

/// The whole-batch loss built directly as one expression, with the data as constants.
let private batchLoss (mlp: Mlp) loss alpha =
    let sampleLosses = [
        for row, label in Array.zip data.Features data.Labels ->
            let score = Mlp.apply mlp [ for x in row -> Expr.constant x ] |> List.exactlyOne
            Loss.sample loss score (Expr.constant label)
    ]

    Expr.sum sampleLosses / float data.Labels.Length
    + Loss.l2 alpha (Mlp.parameters mlp)

[<Tests>]
let tests =
    testList "the training objective" [
        for loss in Loss.all do
            for activation in [ Activation.Relu; Activation.Tanh ] do
                test
                    $"with {Loss.name loss} and {Activation.name activation} equals the whole-batch expression and its gradient" {
                    let mlp =
                        Mlp.create {
                            Inputs = 2
                            Sizes = [ 3; 2; 1 ]
                            Hidden = activation
                            Output = Activation.Linear
                        }

                    let parameters = Mlp.initialize 11L mlp
                    let objective = Objective(mlp, loss, 0.01, data)
                    let gradients = Array.zeroCreate parameters.Length
                    let measured = objective.Gradient(ReadOnlySpan parameters, Span gradients)

                    let bindings =
                        Bindings.ofList (List.zip (List.ofArray objective.ParameterNames) (List.ofArray parameters))

                    let expected = Gradient.compute bindings (batchLoss mlp loss 0.01)
                    Expect.floatClose Accuracy.veryHigh measured.Loss expected.Value "loss"

                    for name, g in Array.zip objective.ParameterNames gradients do
                        Expect.floatClose Accuracy.veryHigh g expected[name] $"d loss / d {name}"

                    Expect.equal (objective.Measure(ReadOnlySpan parameters)) measured "measuring alone gives the same"
                }

        test "rejects data of another width" {
            let mlp =
                Mlp.create {
                    Inputs = 3
                    Sizes = [ 1 ]
                    Hidden = Activation.Relu
                    Output = Activation.Linear
                }

            Expect.throwsC (fun () -> Objective(mlp, Loss.Hinge, 0.0, data) |> ignore) (fun e ->
                Expect.stringContains e.Message "takes 3 features; the data has 2" "message")
        }
    ]
