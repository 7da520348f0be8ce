/// micrograd lecture's binary classifier: MLP(3, [4, 4, 1]) tanh on four samples, 20 steps.
module FourSamples

open Backprop.Functional.Learning

let data = {
    Names = None
    Features = [|
        [| 2.0; 3.0; -1.0 |]
        [| 3.0; -1.0; 0.5 |]
        [| 0.5; 1.0; 1.0 |]
        [| 1.0; 1.0; -1.0 |]
    |]
    Labels = [| 1.0; -1.0; -1.0; 1.0 |]
}

let options = {
    Train.defaults with
        Layers = [ 4; 4 ]
        Activation = Activation.Tanh
        Output = Activation.Tanh
        Loss = Loss.SquaredError
        Steps = 20
        LearningRate = 0.1
        Decay = Decay.NoDecay
        L2 = 0.0
}

let run () =
    printfn "Four samples: MLP(3, [4, 4, 1]) tanh, mean squared error, 20 steps of rate 0.1, seed 1"

    match Train.run options (fun p -> printfn "  step %2d  loss %.6f" p.Step p.Loss) data with
    | Ok result ->
        printfn "  final    loss %.6f, accuracy %.0f%%" result.Loss (100.0 * result.Accuracy)
        let scores = Model.scores result.Model data.Features

        printfn
            "  predictions %s for labels [1, -1, -1, 1]"
            (scores |> Array.map (sprintf "%.3f") |> String.concat ", ")
    | Error error -> printfn "  failed: %s" (TrainError.message error)
