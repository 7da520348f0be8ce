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

        testList "of several roots" [
            testProperty "differentiates the output with the bits of its own tape and evaluates every root"
            <| Prop.forAll arbitrary (fun recipe ->
                let nodes = buildAll recipe
                // An output in the middle: the nodes after it reach it or not, at random.
                let output = nodes[nodes.Length / 2]
                let alone = Gradient.compute (bindings recipe) output
                let tape = Tape.compileRoots output nodes
                let together = Gradient.ofTape tape (tape.Inputs(bindings recipe))

                sameBits together.Value alone.Value
                && alone.Tape.Graph.Nodes
                   |> Seq.forall (fun n -> sameBits (together.Of n) (alone.Of n))
                && alone.Tape.Variables |> Seq.forall (fun v -> sameBits together[v] alone[v])
                && nodes
                   |> Array.forall (fun n -> sameBits (together.ValueOf n) (Evaluate.value (bindings recipe) n)))

            test "gives the nodes the output does not depend on a gradient of 0, even beside infinities" {
                let x, y = Expr.var "x", Expr.var "y"
                let output = tanh x
                // Reverse sweeps through these would carry 0 · ∞ = NaN into x.
                let beside = output * exp y
                let tape = Tape.compileRoots output [ beside; y ]
                let result = Gradient.ofTape tape (tape.Inputs(bind [ "x", 0.5; "y", 1000.0 ]))
                Expect.equal result.Value (Math.Tanh 0.5) "the output's value"
                Expect.equal (result.ValueOf beside) infinity "the other root's value"
                Expect.equal result["x"] (1.0 - Math.Tanh 0.5 ** 2.0) "d output / dx"
                Expect.equal result["y"] 0.0 "d output / dy"
                Expect.equal (result.Of beside) 0.0 "d output / d beside"
            }

            test "with no other roots is the output's own graph" {
                let x = Expr.var "x"
                let output = x * x
                let graph = Graph.ofRoots output [ x; output ]
                Expect.equal graph.Count (Graph.ofExpr output).Count "no node added"
                Expect.equal graph.OutputCount graph.Count "all of it is the output's"
            }

            test "puts the output last of its own part when other roots use it" {
                let x = Expr.var "x"
                let output = x + 1.0
                let user = output * 3.0
                let graph = Graph.ofRoots output [ user ]
                Expect.equal graph.Root output "the root is the output"
                Expect.equal (graph.TryIndexOf output) (ValueSome(graph.OutputCount - 1)) "last of its part"
                Expect.equal graph.Count (graph.OutputCount + 2) "the user and its constant after it"
            }

            test "batches give the scalar tape's bits" {
                let x, y = Expr.var "x", Expr.var "y"
                let output = sigmoid (x * y)
                let tape = Tape.compileRoots output [ output + y; exp x ]
                let samples = [| [| 0.5; -1.0 |]; [| 2.0; 3.0 |]; [| -4.0; 0.25 |] |]
                let batch = Batch.run tape samples

                for s in 0 .. samples.Length - 1 do
                    let scalar = Gradient.ofTape tape samples[s]
                    Expect.isTrue (sameBits batch.Values.Span[s] scalar.Value) "value"

                    for slot in 0 .. tape.Variables.Count - 1 do
                        Expect.isTrue (sameBits batch.Gradients[s].Span[slot] scalar[tape.Variables[slot]]) "gradient"
            }
        ]

        testList "detached from its graph" [
            testProperty "a detached tape gives the tape's value and gradients bit for bit"
            <| Prop.forAll (Arb.fromGen recipes) (fun recipe ->
                let tape = Tape.compile (build recipe)
                let detached = Tape.detach tape

                let inputs =
                    tape.Variables
                    |> Seq.map (fun n -> recipe.Inputs[int (n.Substring 1)])
                    |> Array.ofSeq

                let whole, alone = Gradient.ofTape tape inputs, Gradient.ofTape detached inputs

                sameBits whole.Value alone.Value
                && tape.Variables |> Seq.forall (fun v -> sameBits whole[v] alone[v]))

            test "a detached tape finds its nodes by identity, and its graph is gone with a clear message" {
                let x = Expr.var "x"
                let inner = x * x
                let tape = Tape.compile (tanh inner + x)
                let detached = Tape.detach tape
                Expect.equal (detached.TryIndexOf inner) (tape.Graph.TryIndexOf inner) "a node"
                Expect.equal (detached.TryIndexOf(x * x)) ValueNone "an equal node built later is another node"
                Expect.isFalse detached.HasGraph "no graph"
                let ex = Expect.throwsC (fun () -> detached.Graph |> ignore) id
                Expect.stringContains ex.Message "detached from its graph" "message"
                let byNode (t: Tape) = (Gradient.ofTape t [| 0.5 |]).Of inner
                Expect.equal (byNode detached) (byNode tape) "by node"
            }

            test "a detached tape does not keep its expression alive" {
                let compileAndDrop () =
                    let root =
                        Seq.fold (fun e k -> tanh (e * Expr.var "w" + float k)) (Expr.var "x") [ 1..1000 ]

                    WeakReference root, Tape.detach (Tape.compile root)

                let root, detached = compileAndDrop ()
                GC.Collect()
                GC.WaitForPendingFinalizers()
                GC.Collect()
                Expect.isFalse root.IsAlive "the expression was collected"

                Expect.equal
                    (Gradient.ofTape detached [| 0.5; 0.9 |]).Value
                    (Gradient.ofTape detached [| 0.5; 0.9 |]).Value
                    "still runs"
            }
        ]
    ]
