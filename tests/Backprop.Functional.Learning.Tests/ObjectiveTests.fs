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

        test "over several chunks of samples equals the scalar tape run sample by sample, within the batch tanh bound" {
            let many = expectOk (Moons.generate 600 0.2 4L) "moons"

            let mlp =
                Mlp.create {
                    Inputs = 2
                    Sizes = [ 4; 1 ]
                    Hidden = Activation.Tanh
                    Output = Activation.Linear
                }

            let parameters = Mlp.initialize 5L mlp
            let objective = Objective(mlp, Loss.CrossEntropy, 0.0, many)
            let gradients = Array.zeroCreate parameters.Length
            let measured = objective.Gradient(ReadOnlySpan parameters, Span gradients)

            // The same sums, one sample at a time on the scalar tape.
            let score = Mlp.apply mlp [ Expr.var "x0"; Expr.var "x1" ] |> List.exactlyOne
            let tape = Tape.compile (Loss.sample Loss.CrossEntropy score (Expr.var "y"))
            let names = objective.ParameterNames
            let inputs = Array.zeroCreate tape.Variables.Count
            let values = Array.zeroCreate tape.Length
            let adjoints = Array.zeroCreate tape.Length
            let sampleGradients = Array.zeroCreate tape.Variables.Count
            let expected = Array.zeroCreate names.Length
            let mutable total = 0.0

            for s in 0 .. many.Labels.Length - 1 do
                names |> Array.iteri (fun i name -> inputs[tape.SlotOf name] <- parameters[i])
                inputs[tape.SlotOf "x0"] <- many.Features[s][0]
                inputs[tape.SlotOf "x1"] <- many.Features[s][1]
                inputs[tape.SlotOf "y"] <- many.Labels[s]

                total <-
                    total
                    + tape.Gradient(ReadOnlySpan inputs, Span values, Span adjoints, Span sampleGradients)

                names
                |> Array.iteri (fun i name -> expected[i] <- expected[i] + sampleGradients[tape.SlotOf name])

            let scale = 1.0 / 600.0
            // A batch's tanh is within 2 ulp of the scalar tape's, and its sums are in another order.
            let close = { absolute = 1e-14; relative = 1e-12 }
            Expect.floatClose close measured.Loss (total * scale) "loss"

            for i in 0 .. names.Length - 1 do
                Expect.floatClose close gradients[i] (expected[i] * scale) $"d loss / d {names[i]}"
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
