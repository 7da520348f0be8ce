module Backprop.Functional.Tests.BatchTests

open System
open Expecto
open FsCheck
open FsCheck.FSharp
open Backprop.Functional
open Backprop.Functional.Tests.Support
open Backprop.Functional.Tests.RandomDag

/// A recipe with several samples of inputs (one row per sample).
let private batches =
    gen {
        let! recipe = recipes
        let! count = Gen.choose (1, 150)
        let input = Gen.choose (-2000, 2000) |> Gen.map (fun k -> float k / 1000.0)
        let! rows = Gen.arrayOfLength count (Gen.arrayOfLength recipe.Inputs.Length input)
        return recipe, rows
    }
    |> Arb.fromGen

/// The scalar tape's value and gradients for one sample.
let private scalar (tape: Tape) (row: float[]) =
    let values = Array.zeroCreate tape.Length
    let adjoints = Array.zeroCreate tape.Length
    let gradients = Array.zeroCreate tape.Variables.Count
    let v = tape.Gradient(ReadOnlySpan row, Span values, Span adjoints, Span gradients)
    v, gradients

[<Tests>]
let tests =
    testList "batched tape" [
        testProperty "a parallel batch run equals the scalar tape bit for bit, sample by sample"
        <| Prop.forAll batches (fun (recipe, rows) ->
            let tape = Tape.compile (build recipe)
            // Slots follow the tape's order, rows follow x0, x1, …: reorder each row.
            let rows =
                rows
                |> Array.map (fun row -> tape.Variables |> Seq.map (fun n -> row[int (n.Substring 1)]) |> Array.ofSeq)

            let result = Batch.run tape rows

            rows
            |> Array.mapi (fun s row ->
                let v, g = scalar tape row

                sameBits v result.Values.Span[s]
                && Seq.forall2 sameBits g (result.Gradients[s].ToArray()))
            |> Array.forall id)

        test "reading a batch result's gradients gives the same rows every time, without rebuilding them" {
            let tape = Tape.compile (Expr.var "x" * Expr.var "y")
            let result = Batch.run tape (Array.init 1000 (fun s -> [| float s; 2.0 |]))
            Expect.isTrue (obj.ReferenceEquals(result.Gradients, result.Gradients)) "one array"
            Expect.equal (result.Gradients[999].ToArray()) [| 2.0; 999.0 |] "the last sample's gradient"
        }

        test "a batch with a wrong number of inputs per sample is refused with a clear message" {
            let tape = Tape.compile (Expr.var "x" * Expr.var "y")
            let ex = Expect.throwsC (fun () -> Batch.run tape [| [| 1.0 |] |] |> ignore) id
            Expect.stringContains ex.Message "Sample 0 must have 2 inputs" "message"
        }

        test "sweeps of a batch write nothing outside the given buffers" {
            let x = Expr.var "x"
            let tape = Tape.compile (tanh (x * x) + x)
            let count = 3
            let inputs = [| 0.5; -1.0; 2.0 |]
            let values = Array.create (tape.Length * count + 1) 42.0
            let adjoints = Array.create (tape.Length * count + 1) 42.0
            let gradients = Array.create (count + 1) 42.0
            Batch.gradient (tape, count, ReadOnlySpan inputs, Span values, Span adjoints, Span gradients)
            Expect.equal values[values.Length - 1] 42.0 "values"
            Expect.equal adjoints[adjoints.Length - 1] 42.0 "adjoints"
            Expect.equal gradients[count] 42.0 "gradients"
            let _, g = scalar tape [| 2.0 |]
            Expect.equal gradients[2] g[0] "third sample's gradient"
        }
    ]
