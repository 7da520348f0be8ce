module Backprop.Functional.Tests.TapeTests

open System
open Expecto
open FsCheck.FSharp
open Backprop.Functional
open Backprop.Functional.Tests.Support
open Backprop.Functional.Tests.RandomDag

[<Tests>]
let tests =
    testList "compiled tape" [
        test "lists each variable once, in slot order" {
            let x, y = Expr.var "x", Expr.var "y"
            let tape = Tape.compile (x * y + Expr.var "x")
            Expect.sequenceEqual tape.Variables [ "x"; "y" ] "slots"
            Expect.equal (tape.SlotOf "y") 1 "slot of y"
            Expect.equal (tape.SlotOf "z") -1 "no slot for an unused name"
        }

        test "runs again with new inputs into the same buffers" {
            let x, y = Expr.var "x", Expr.var "y"
            let tape = Tape.compile (tanh (x * y) + x)
            let values = Array.zeroCreate tape.Length
            let adjoints = Array.zeroCreate tape.Length
            let gradients = Array.zeroCreate 2

            tape.Gradient(ReadOnlySpan [| 1.0; 2.0 |], Span values, Span adjoints, Span gradients)
            |> ignore

            let v =
                tape.Gradient(ReadOnlySpan [| 0.5; -1.0 |], Span values, Span adjoints, Span gradients)

            let fresh =
                Gradient.compute (Bindings.ofList [ "x", 0.5; "y", -1.0 ]) (tanh (x * y) + x)

            Expect.equal v fresh.Value "value"
            Expect.equal gradients [| fresh["x"]; fresh["y"] |] "gradients"
        }

        test "rejects buffers that are too short" {
            let tape = Tape.compile (Expr.var "x" + 1.0)

            Expect.throwsT<ArgumentException>
                (fun () -> tape.Forward(ReadOnlySpan [| 1.0 |], Span(Array.zeroCreate 1)) |> ignore)
                "short value buffer"
        }

        testProperty "a reused tape and a one-shot gradient agree bit for bit"
        <| Prop.forAll arbitrary (fun recipe ->
            let e = build recipe
            let tape = Tape.compile e
            let values = Array.zeroCreate tape.Length
            let adjoints = Array.zeroCreate tape.Length
            let gradients = Array.zeroCreate tape.Variables.Count
            // Dirty the buffers with another point first.
            let other = Array.create tape.Variables.Count 0.25

            tape.Gradient(ReadOnlySpan other, Span values, Span adjoints, Span gradients)
            |> ignore

            let inputs = tape.Inputs(bindings recipe)

            let v =
                tape.Gradient(ReadOnlySpan inputs, Span values, Span adjoints, Span gradients)

            let oneShot = Gradient.compute (bindings recipe) e

            sameBits v oneShot.Value
            && Seq.forall2 sameBits gradients (tape.Variables |> Seq.map (fun n -> oneShot[n])))
    ]
