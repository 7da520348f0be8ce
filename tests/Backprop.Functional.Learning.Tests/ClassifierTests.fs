module Backprop.Functional.Learning.Tests.ClassifierTests

open Expecto
open Backprop.Functional
open Backprop.Functional.Learning
open Backprop.Functional.Learning.Tests.Support

/// micrograd lecture's four samples.
let private fourSamples = {
    Names = None
    Features = [|
        [| 2.0; 3.0; -1.0 |]
        [| 3.0; -1.0; 0.5 |]
        [| 0.5; 1.0; 1.0 |]
        [| 1.0; 1.0; -1.0 |]
    |]
    Labels = [| 1.0; -1.0; -1.0; 1.0 |]
}

/// The Hacker's guide's six 2-D points.
let private hackersGuide = [
    1.2, 0.7, 1.0
    -0.3, -0.5, -1.0
    3.0, 0.1, 1.0
    -0.1, -1.0, -1.0
    -1.0, 1.1, -1.0
    2.1, -3.0, 1.0
]

[<Tests>]
let tests =
    testList "the notebooks' classifiers" [
        test "micrograd's MLP(3, [4, 4, 1]) tanh lowers its squared loss at every one of 20 steps" {
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

            let losses = ResizeArray()

            let result =
                expectOk (Train.run options (fun p -> losses.Add p.Loss) fourSamples) "training"

            losses.Add result.Loss

            for before, after in Seq.pairwise losses do
                Expect.isLessThan after before "the loss falls"

            Expect.equal result.Accuracy 1.0 "all four classified"
        }

        test "the Hacker's guide SVM, a·x + b·y + c with hinge loss, classifies its six points" {
            let a, b, c = Expr.var "a", Expr.var "b", Expr.var "c"
            let score (px: float) (py: float) = a * px + b * py + c

            let loss =
                Expr.sum [
                    for px, py, label in hackersGuide -> Loss.sample Loss.Hinge (score px py) (Expr.constant label)
                ]
                / float hackersGuide.Length
                + Loss.l2 0.05 [ a; b ]

            // The guide's starting point.
            let start = Bindings.ofList [ "a", 1.0; "b", -2.0; "c", -1.0 ]

            let accuracyAt (values: Map<string, float>) =
                let scores = [|
                    for px, py, _ in hackersGuide -> values["a"] * px + values["b"] * py + values["c"]
                |]

                Classify.accuracy 0.0 scores [| for _, _, label in hackersGuide -> label |]

            let before = accuracyAt (Map.ofList [ "a", 1.0; "b", -2.0; "c", -1.0 ])

            let result =
                expectOk
                    (Optimize.run
                        {
                            Optimize.defaults 0.1 with
                                Steps = 400
                        }
                        ignoreProgress
                        start
                        loss)
                    "svm"

            let after = accuracyAt (Map.ofList result.Variables)
            Expect.isLessThan before 1.0 "the start misclassifies"
            Expect.equal after 1.0 "all six classified"
        }

        test "a network without hidden layers is a linear SVM that separates the Hacker's guide points" {
            let data = {
                Names = None
                Features = [| for px, py, _ in hackersGuide -> [| px; py |] |]
                Labels = [| for _, _, label in hackersGuide -> label |]
            }

            let options = {
                Train.defaults with
                    Layers = []
                    Steps = 200
                    LearningRate = 0.1
                    Decay = Decay.NoDecay
            }

            let result = expectOk (Train.run options ignoreProgress data) "training"
            Expect.equal result.Accuracy 1.0 "all six classified"
            Expect.equal result.Model.Parameters.Length 3 "a, b and c"
        }
    ]
