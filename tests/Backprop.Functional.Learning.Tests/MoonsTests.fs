module Backprop.Functional.Learning.Tests.MoonsTests

open System
open Expecto
open Backprop.Functional.Learning
open Backprop.Functional.Learning.Tests.Support

[<Tests>]
let tests =
    testList "two moons" [
        test "are the same for the same seed, n and noise, and differ for another seed" {
            Expect.equal (moons ()) (moons ()) "same data"
            Expect.notEqual (expectOk (Moons.generate 100 0.1 2L) "seed 2") (moons ()) "other seed"
        }

        test "split the samples between the classes, the odd one to the lower moon" {
            let data = expectOk (Moons.generate 7 0.1 3L) "moons"
            Expect.equal (data.Labels |> Array.filter ((=) -1.0)).Length 3 "upper moon"
            Expect.equal (data.Labels |> Array.filter ((=) 1.0)).Length 4 "lower moon"
        }

        test "lie on their half circles when there is no noise" {
            let data = expectOk (Moons.generate 50 0.0 5L) "moons"

            for row, label in Array.zip data.Features data.Labels do
                let cx, cy = if label < 0.0 then 0.0, 0.0 else 1.0, 0.5
                let r = sqrt ((row[0] - cx) ** 2.0 + (row[1] - cy) ** 2.0)
                Expect.floatClose Accuracy.veryHigh r 1.0 "radius"
                let bulge = if label < 0.0 then row[1] - cy else cy - row[1]
                Expect.isGreaterThanOrEqual bulge -1e-12 "the upper moon bulges up, the lower down"
        }

        test "are shuffled, not sorted by class" {
            let data = moons ()
            let firstHalf = data.Labels[0..49]
            Expect.isTrue (Array.contains 1.0 firstHalf && Array.contains -1.0 firstHalf) "both classes early"
        }

        test "reject fewer than two samples and a bad noise" {
            Expect.isError (Moons.generate 1 0.1 1L) "one sample"
            Expect.isError (Moons.generate System.Int32.MaxValue 0.1 1L) "more than fits in memory"
            Expect.isError (Moons.generate 10 -0.1 1L) "negative noise"
            Expect.isError (Moons.generate 10 Double.PositiveInfinity 1L) "infinite noise"
        }

        test "draw uniform numbers in [0, 1) from a seed alone" {
            let a, b = SeededRandom 9L, SeededRandom 9L
            let xs = Array.init 1000 (fun _ -> a.NextFloat())
            Expect.equal xs (Array.init 1000 (fun _ -> b.NextFloat())) "same sequence"
            Expect.isTrue (xs |> Array.forall (fun x -> x >= 0.0 && x < 1.0)) "range"
            Expect.floatClose { absolute = 0.05; relative = 0.0 } (Array.average xs) 0.5 "mean near one half"
        }
    ]
