/// micrograd's demo: MLP(2, [16, 16, 1]) relu on 100 noisy moons, hinge loss + L2 1e-4, 100 steps.
module MoonsDemo

open System.Diagnostics
open Backprop.Functional.Learning

/// The data of examples/moons.csv.
let data () =
    match Moons.generate 100 0.1 1L with
    | Ok data -> data
    | Error message -> failwith message

let private timed (f: unit -> 'T) =
    let clock = Stopwatch.StartNew()
    let result = f ()
    result, clock.Elapsed.TotalMilliseconds

let run () =
    printfn "Moons: MLP(2, [16, 16, 1]) relu, hinge + L2 1e-4, 100 steps, rate 1.0·(1 - 0.9·k/100), seed 1"
    let data = data ()

    let report (p: TrainProgress) =
        if p.Step % 10 = 0 then
            printfn "  step %3d  loss %.6f  accuracy %.0f%%" p.Step p.Loss (100.0 * p.Accuracy)

    match timed (fun () -> Train.run Train.defaults report data) with
    | Ok result, first ->
        printfn "  final     loss %.6f  accuracy %.0f%%" result.Loss (100.0 * result.Accuracy)
        // The first run includes JIT compilation; later runs show the training work alone.
        let warm =
            [
                for _ in 1..10 -> snd (timed (fun () -> Train.run Train.defaults ignore data))
            ]
            |> List.sort

        let objective = Objective(Mlp.create result.Model.Shape, Loss.Hinge, 1e-4, data)

        printfn
            "  work      %d parameters, %d nodes in the per-sample tape, run %d times per step"
            result.Model.Parameters.Length
            objective.SampleTapeLength
            (Dataset.count data)

        printfn
            "  time      %.0f ms the first time in this process; warm: %.0f ms fastest, %.0f ms median of 10"
            first
            warm[0]
            warm[5]
    | Error error, _ -> printfn "  failed: %s" (TrainError.message error)
