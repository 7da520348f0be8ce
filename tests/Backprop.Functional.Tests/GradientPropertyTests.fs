/// Properties over random expression DAGs with shared subexpressions.
module Backprop.Functional.Tests.GradientPropertyTests

open System
open Expecto
open FsCheck.FSharp
open Backprop.Functional
open Backprop.Functional.Tests.Support
open Backprop.Functional.Tests.RandomDag

let private config = {
    FsCheckConfig.defaultConfig with
        maxTest = 300
}

/// Values of moderate size, where central differences are accurate to the tolerance below.
let private moderate (recipe: Recipe) =
    let g = Gradient.compute (bindings recipe) (build recipe)

    g.NodeValues |> Seq.forall (fun v -> Double.IsFinite v && abs v < 1e3)
    && g.Variables.Values |> Seq.forall (fun v -> Double.IsFinite v && abs v < 1e4)

[<Tests>]
let tests =
    testList "gradient properties over random DAGs" [
        testPropertyWithConfig config "the analytic gradient agrees with central differences"
        <| Prop.forAll arbitrary (fun recipe ->
            moderate recipe
            ==> lazy
                (let report =
                    NumericCheck.run { Step = 1e-6; Tolerance = 1e-5 } (bindings recipe) (build recipe)

                 report.Ok |> Prop.label (sprintf "%A" report.Variables)))

        testPropertyWithConfig config "the gradient of e + e is exactly twice the gradient of e"
        <| Prop.forAll arbitrary (fun recipe ->
            let e = build recipe
            let once = Gradient.compute (bindings recipe) e
            let twice = Gradient.compute (bindings recipe) (e + e)

            once.Variables |> Seq.forall (fun kv -> sameBits twice[kv.Key] (2.0 * kv.Value)))

        // Building in another order may change the order in which a shared node's adjoint is summed,
        // so the last bits may differ; the value never does.
        testPropertyWithConfig config "results do not depend on the order the nodes were built in"
        <| Prop.forAll arbitrary (fun recipe ->
            let forward = Gradient.compute (bindings recipe) (build recipe)
            let backward = Gradient.compute (bindings recipe) (buildFromRoot recipe)

            let close (a: float) (b: float) =
                sameBits a b || abs (a - b) <= 1e-12 * max 1.0 (abs a)

            sameBits forward.Value backward.Value
            && forward.Variables |> Seq.forall (fun kv -> close backward[kv.Key] kv.Value))

        testPropertyWithConfig
            { config with maxTest = 60 }
            "results do not depend on how many unrelated nodes were built between the nodes of a graph"
        <| Prop.forAll
            (Arb.fromGen (Gen.zip recipes (Gen.listOfLength 40 (Gen.elements [ 0; 0; 10; 5_000; 50_000 ]))))
            (fun (recipe, gaps) ->
                let plain = Gradient.compute (bindings recipe) (build recipe)
                let gaps = Array.ofList gaps
                let mutable step = 0

                // Unrelated nodes spread the graph's ids over windows far wider than the graph.
                let spread =
                    buildWith recipe (fun () ->
                        for _ in 1 .. gaps[step % gaps.Length] do
                            Expr.constant 0.0 |> ignore

                        step <- step + 1)

                let result = Gradient.compute (bindings recipe) spread

                sameBits plain.Value result.Value
                && plain.Variables |> Seq.forall (fun kv -> sameBits result[kv.Key] kv.Value))
    ]
