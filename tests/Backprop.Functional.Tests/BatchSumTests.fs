module Backprop.Functional.Tests.BatchSumTests

open System
open Expecto
open FsCheck
open FsCheck.FSharp
open Backprop.Functional
open Backprop.Functional.Tests.Support
open Backprop.Functional.Tests.RandomDag

/// A recipe, which of its inputs vary per sample, and the samples' values of those.
let private sums =
    gen {
        let! recipe = recipes
        let! perSample = Gen.listOfLength recipe.Inputs.Length (Gen.elements [ true; false ])
        let! count = Gen.choose (0, 700)
        let input = Gen.choose (-2000, 2000) |> Gen.map (fun k -> float k / 1000.0)
        let width = perSample |> List.filter id |> List.length
        let! rows = Gen.arrayOfLength (count * width) input
        return recipe, perSample, count, rows
    }
    |> Arb.fromGen

/// The tape, its BatchSum with the chosen variables per sample, the shared values by slot.
let private setUp (recipe: Recipe) (perSample: bool list) =
    let tape = Tape.compile (build recipe)

    let sampleNames =
        perSample
        |> List.indexed
        |> List.filter (fun (i, varies) -> varies && tape.SlotOf(variableName i) >= 0)
        |> List.map (fst >> variableName)

    let shared =
        tape.Variables
        |> Seq.map (fun name -> recipe.Inputs[int (name.Substring 1)])
        |> Array.ofSeq

    tape, BatchSum.Of(tape, sampleNames), shared, sampleNames.Length

/// Sample by sample on the scalar tape: the output's sum, the gradients' sums, and the sums of
/// their magnitudes (the scale of the rounding that another order of summation may change).
let private scalarSums (tape: Tape) (sum: BatchSum) (shared: float[]) (rows: float[]) count =
    let width = sum.SampleSlots.Length
    let inputs = Array.copy shared
    let values = Array.zeroCreate tape.Length
    let adjoints = Array.zeroCreate tape.Length
    let gradients = Array.zeroCreate tape.Variables.Count
    let totals = Array.zeroCreate tape.Variables.Count
    let scales = Array.zeroCreate tape.Variables.Count
    let mutable total, scale = 0.0, 0.0

    for s in 0 .. count - 1 do
        sum.SampleSlots
        |> Array.iteri (fun c slot -> inputs[slot] <- rows[s * width + c])

        let v =
            tape.Gradient(ReadOnlySpan inputs, Span values, Span adjoints, Span gradients)

        total <- total + v
        scale <- scale + abs v

        for k in 0 .. gradients.Length - 1 do
            totals[k] <- totals[k] + gradients[k]
            scales[k] <- scales[k] + abs gradients[k]

    total, scale, totals, scales

let private near (expected: float) (scale: float) (actual: float) =
    sameBits expected actual || abs (expected - actual) <= 1e-9 * (1.0 + scale)

[<Tests>]
let tests =
    testList "batch sums" [
        testProperty "the sum over samples equals the scalar tape's, sample by sample, to rounding"
        <| Prop.forAll sums (fun (recipe, perSample, count, rows) ->
            let tape, sum, shared, width = setUp recipe perSample
            let rows = rows[.. count * width - 1]
            let gradients = Array.zeroCreate tape.Variables.Count

            let total =
                sum.Run(ReadOnlyMemory shared, ReadOnlyMemory rows, count, Memory gradients, 1)

            let expected, scale, totals, scales = scalarSums tape sum shared rows count

            near expected scale total
            && Array.forall id (Array.init totals.Length (fun k -> near totals[k] scales[k] gradients[k])))

        testProperty "a sum has the same bits on one, two or three threads, and on every run"
        <| Prop.forAll sums (fun (recipe, perSample, count, rows) ->
            let tape, sum, shared, width = setUp recipe perSample
            let rows = ReadOnlyMemory rows[.. count * width - 1]

            let run threads =
                let gradients = Array.zeroCreate tape.Variables.Count
                let total = sum.Run(ReadOnlyMemory shared, rows, count, Memory gradients, threads)
                Array.append [| total |] gradients |> Array.map BitConverter.DoubleToInt64Bits

            let once = run 1
            once = run 2 && once = run 3 && once = run 1)

        test "a sum of no samples is zero, with zero gradients" {
            let tape = Tape.compile (Expr.var "w" * Expr.var "x")
            let sum = BatchSum.Of(tape, [ "x" ])
            let gradients = Array.create 2 7.0

            let total =
                sum.Run(ReadOnlyMemory [| 3.0; 0.0 |], ReadOnlyMemory.Empty, 0, Memory gradients, 2)

            Expect.equal total 0.0 "total"
            Expect.equal gradients [| 0.0; 0.0 |] "gradients"
        }

        test "the sum of w·x over samples has gradient Σx for w and Σw = count·w for x" {
            let tape = Tape.compile (Expr.var "w" * Expr.var "x")
            let sum = BatchSum.Of(tape, [ "x" ])
            let xs = Array.init 1000 (fun s -> float s)
            let gradients = Array.zeroCreate 2
            let shared = Array.zeroCreate 2
            shared[tape.SlotOf "w"] <- 0.5

            let total =
                sum.Run(ReadOnlyMemory shared, ReadOnlyMemory xs, xs.Length, Memory gradients, 2)

            Expect.equal total (0.5 * 499500.0) "Σ w·x"
            Expect.equal gradients[tape.SlotOf "w"] 499500.0 "Σ x"
            Expect.equal gradients[tape.SlotOf "x"] 500.0 "Σ w"
        }

        test "without a gradient buffer a run sums the output only, and the next run's gradients are unchanged" {
            let w, x = Expr.var "w", Expr.var "x"
            let tape = Tape.compile (tanh (w * x + w) * x)
            let sum = BatchSum.Of(tape, [ "x" ])
            let xs = Array.init 3000 (fun s -> float s / 1000.0 - 1.5)
            let shared = Array.zeroCreate 2
            shared[tape.SlotOf "w"] <- 0.7

            let run (gradients: Memory<float>) threads =
                sum.Run(ReadOnlyMemory shared, ReadOnlyMemory xs, xs.Length, gradients, threads)

            let before = Array.zeroCreate 2
            let withGradients = run (Memory before) 1
            Expect.equal (run Memory.Empty 1) withGradients "the same total without gradients"
            Expect.equal (run Memory.Empty 2) withGradients "and on two threads"
            let after = Array.zeroCreate 2
            run (Memory after) 2 |> ignore
            Expect.equal after before "gradients after runs without them"
        }

        test "a watched node's values are each sample's, in sample order, on any number of threads" {
            let w, x = Expr.var "w", Expr.var "x"
            let product = w * x
            let tape = Tape.compile (tanh (product + 1.0))
            let sum = BatchSum.Of(tape, [ "x" ])
            let xs = Array.init 2500 (fun s -> float s / 100.0)
            let shared = Array.zeroCreate 2
            shared[tape.SlotOf "w"] <- 0.3
            let node = (tape.TryIndexOf product).Value

            for threads in [ 1; 2 ] do
                let watched = Array.zeroCreate xs.Length

                sum.Run(
                    ReadOnlyMemory shared,
                    ReadOnlyMemory xs,
                    xs.Length,
                    Memory(Array.zeroCreate 2),
                    threads,
                    node,
                    Memory watched
                )
                |> ignore

                Expect.equal watched (xs |> Array.map (fun v -> 0.3 * v)) $"w·x per sample, {threads} threads"
        }

        test "a parameter's gradient sums every sample's, however the parameter is used" {
            let w, v, x = Expr.var "w", Expr.var "v", Expr.var "x"
            let xs = Array.init 300 (fun s -> float s / 100.0)

            let gradientOf (root: Expr) =
                let tape = Tape.compile root
                let sum = BatchSum.Of(tape, [ "x" ])

                let shared =
                    tape.Variables
                    |> Seq.map (fun name -> if name = "w" then 0.5 else 2.0)
                    |> Array.ofSeq

                let gradients = Array.zeroCreate tape.Variables.Count

                sum.Run(ReadOnlyMemory shared, ReadOnlyMemory xs, xs.Length, Memory gradients, 1)
                |> ignore

                gradients[tape.SlotOf "w"]

            let close expected actual =
                Expect.floatClose Accuracy.high actual expected "the parameter's gradient"
            // The output itself, a product of two parameters, a parameter under tanh, and in a
            // product with the data: each its own way of reaching the parameter's adjoint.
            close 300.0 (gradientOf (w + 0.0 * x))
            close (300.0 * 2.0) (gradientOf (w * v + 0.0 * x))
            close (300.0 * (1.0 - Math.Tanh 0.5 ** 2.0)) (gradientOf (tanh w + 0.0 * x))
            close (Array.sum xs) (gradientOf (w * x))
            close (Array.sum xs + 300.0 * 2.0 * 0.5) (gradientOf (w * x + w * w))
        }

        test "a run on one thread allocates nothing in proportion to the samples" {
            let x, w = Expr.var "x", Expr.var "w"
            let tape = Tape.compile (tanh (w * x + 1.0) * tanh (x))
            let sum = BatchSum.Of(tape, [ "x" ])
            let xs = Array.init 100_000 (fun s -> float s / 1000.0)
            let gradients = Array.zeroCreate 2
            let shared = [| 0.3; 0.0 |]

            let run () =
                sum.Run(ReadOnlyMemory shared, ReadOnlyMemory xs, xs.Length, Memory gradients, 1)
                |> ignore

            run ()
            let before = GC.GetAllocatedBytesForCurrentThread()
            run ()
            let allocated = GC.GetAllocatedBytesForCurrentThread() - before
            Expect.isLessThan allocated 1024L "bytes allocated by the second run"
        }

        test "wrong lengths, repeated or unknown slots are refused with clear messages" {
            let tape = Tape.compile (Expr.var "w" * Expr.var "x")
            let sum = BatchSum.Of(tape, [ "x" ])
            let message f = (Expect.throwsC f id).Message

            Expect.stringContains
                (message (fun () ->
                    sum.Run(ReadOnlyMemory [| 1.0 |], ReadOnlyMemory [| 1.0 |], 1, Memory(Array.zeroCreate 2), 1)
                    |> ignore))
                "2 variable slots; 1 shared values"
                "shared"

            Expect.stringContains
                (message (fun () ->
                    sum.Run(ReadOnlyMemory [| 1.0; 2.0 |], ReadOnlyMemory [| 1.0 |], 2, Memory(Array.zeroCreate 2), 1)
                    |> ignore))
                "2 samples of 1 values need 2 numbers; 1 were given"
                "samples"

            let watch node (values: float[]) () =
                sum.Run(
                    ReadOnlyMemory [| 1.0; 2.0 |],
                    ReadOnlyMemory [| 1.0; 2.0 |],
                    2,
                    Memory.Empty,
                    1,
                    node,
                    Memory values
                )
                |> ignore

            Expect.stringContains (message (watch 7 [| 0.0; 0.0 |])) "Node 7 is not one of the tape's 3 nodes" "node"
            Expect.stringContains (message (watch 0 [| 0.0 |])) "needs 2 elements; it has 1" "watched values"
            Expect.stringContains (message (fun () -> BatchSum(tape, [| 0; 0 |]) |> ignore)) "given twice" "twice"
            Expect.stringContains (message (fun () -> BatchSum.Of(tape, [ "z" ]) |> ignore)) "no variable 'z'" "unknown"
        }
    ]
