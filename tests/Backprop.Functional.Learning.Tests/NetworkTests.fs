module Backprop.Functional.Learning.Tests.NetworkTests

open Expecto
open Backprop.Functional
open Backprop.Functional.Learning

let private shape sizes hidden output = {
    Inputs = 2
    Sizes = sizes
    Hidden = hidden
    Output = output
}

[<Tests>]
let tests =
    testList "neurons, layers and multi-layer perceptrons" [
        test "a neuron computes its activation of the bias plus the weighted inputs" {
            let neuron = Neuron.create "n" 2 Activation.Tanh
            let out = Neuron.apply neuron [ Expr.constant 2.0; Expr.constant 0.0 ]

            let bindings =
                Bindings.ofList [ "n.w0", -3.0; "n.w1", 1.0; "n.b", 6.8813735870195432 ]

            // The neuron of micrograd's lecture: tanh(2·(-3) + 0·1 + 6.88…) = 0.7071.
            Expect.floatClose Accuracy.veryHigh (Evaluate.value bindings out) (sqrt 0.5) "output"
        }

        test "a neuron's parameters are its weights, then its bias" {
            let neuron = Neuron.create "n" 3 Activation.Linear

            let names =
                Neuron.parameters neuron
                |> List.map (fun p ->
                    match p.Node with
                    | Var name -> name
                    | _ -> "")

            Expect.equal names [ "n.w0"; "n.w1"; "n.w2"; "n.b" ] "parameter names"
        }

        test "a neuron rejects the wrong number of inputs with a clear message" {
            let neuron = Neuron.create "n" 2 Activation.Relu

            Expect.throwsC (fun () -> Neuron.apply neuron [ Expr.constant 1.0 ] |> ignore) (fun e ->
                Expect.stringContains e.Message "2 weights; 1 inputs" "message")
        }

        test "micrograd's MLP(2, [16, 16, 1]) has 337 parameters with distinct names" {
            let mlp = Mlp.create (shape [ 16; 16; 1 ] Activation.Relu Activation.Linear)
            let names = Mlp.parameterNames mlp
            Expect.equal names.Length 337 "parameter count"
            Expect.equal (Array.distinct names).Length 337 "distinct names"
            Expect.equal (List.length (Mlp.parameters mlp)) 337 "enumerable parameters"
        }

        test "hidden layers use the hidden activation and the last layer the output activation" {
            let mlp = Mlp.create (shape [ 3; 1 ] Activation.Relu Activation.Sigmoid)
            let activations = mlp.Layers |> List.map (fun l -> l.Neurons.Head.Activation)
            Expect.equal activations [ Activation.Relu; Activation.Sigmoid ] "activations"
        }

        test "an MLP's output equals the layers applied by hand" {
            let mlp = Mlp.create (shape [ 2; 1 ] Activation.Tanh Activation.Linear)
            let names = Mlp.parameterNames mlp
            let values = Mlp.initialize 7L mlp
            let bindings = Bindings.ofList (List.zip (List.ofArray names) (List.ofArray values))
            let out = Mlp.apply mlp [ Expr.constant 0.5; Expr.constant -1.5 ] |> List.exactlyOne
            let v i = values[i]
            // Parameter order: l0.n0.w0 w1 b, l0.n1.w0 w1 b, l1.n0.w0 w1 b.
            let h0 = tanh (v 2 + v 0 * 0.5 + v 1 * -1.5)
            let h1 = tanh (v 5 + v 3 * 0.5 + v 4 * -1.5)
            let expected = v 8 + v 6 * h0 + v 7 * h1
            Expect.floatClose Accuracy.veryHigh (Evaluate.value bindings out) expected "output"
        }

        test "initialisation draws weights in [-1, 1) and sets biases to 0, the same for the same seed" {
            let mlp = Mlp.create (shape [ 16; 16; 1 ] Activation.Relu Activation.Linear)
            let names = Mlp.parameterNames mlp
            let values = Mlp.initialize 42L mlp

            for name, value in Array.zip names values do
                if name.EndsWith ".b" then
                    Expect.equal value 0.0 $"{name} is a bias"
                else
                    Expect.isTrue (value >= -1.0 && value < 1.0) $"{name} = {value} in [-1, 1)"

            Expect.equal (Mlp.initialize 42L mlp) values "same seed, same values"
            Expect.notEqual (Mlp.initialize 43L mlp) values "another seed, other values"
        }

        test "an impossible shape is rejected with every problem named" {
            let problems =
                Mlp.validate {
                    shape [ 0 ] Activation.Relu Activation.Linear with
                        Inputs = 0
                }

            Expect.equal problems.Length 2 "two problems"

            Expect.throwsT<System.ArgumentException>
                (fun () -> Mlp.create (shape [] Activation.Relu Activation.Linear) |> ignore)
                "no layers"
        }

        test "activations parse from their names and reject others" {
            Expect.equal (Activation.parse "ReLU") (Ok Activation.Relu) "case-insensitive"
            Expect.equal (Activation.parse " tanh ") (Ok Activation.Tanh) "trimmed"

            match Activation.parse "softmax" with
            | Error message -> Expect.stringContains message "tanh, relu, sigmoid, linear" "lists the names"
            | Ok _ -> failtest "softmax is not an activation"
        }
    ]
