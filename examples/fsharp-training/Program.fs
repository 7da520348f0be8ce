// The notebooks' four trainings, run on the library. `-- moons N NOISE SEED` prints two-moons CSV instead.
open System
open System.Globalization
open Backprop.Functional.Learning

[<EntryPoint>]
let main argv =
    match argv with
    | [| "moons"; n; noise; seed |] ->
        match Moons.generate (int n) (Double.Parse(noise, CultureInfo.InvariantCulture)) (int64 seed) with
        | Ok data ->
            Console.Out.Write(Csv.format data)
            0
        | Error message ->
            eprintfn "error: %s" message
            2
    | [||] ->
        Perceptron.run ()
        printfn ""
        FourSamples.run ()
        printfn ""
        HackersGuideSvm.run ()
        printfn ""
        MoonsDemo.run ()
        0
    | _ ->
        eprintfn "usage: FSharpTraining [moons N NOISE SEED]"
        2
