/// The Hacker's guide SVM: score a·x + b·y + c, hinge loss with L2 on a and b, from a = 1, b = -2, c = -1.
module HackersGuideSvm

open Backprop.Functional
open Backprop.Functional.Learning

let points = [
    1.2, 0.7, 1.0
    -0.3, -0.5, -1.0
    3.0, 0.1, 1.0
    -0.1, -1.0, -1.0
    -1.0, 1.1, -1.0
    2.1, -3.0, 1.0
]

let private a, b, c = Expr.var "a", Expr.var "b", Expr.var "c"

let loss =
    let hinges = [
        for x, y, label in points -> Loss.sample Loss.Hinge (a * x + b * y + c) (Expr.constant label)
    ]

    Expr.sum hinges / float points.Length + Loss.l2 0.05 [ a; b ]

let accuracy (values: Map<string, float>) =
    let scores = [| for x, y, _ in points -> values["a"] * x + values["b"] * y + values["c"] |]
    Classify.accuracy 0.0 scores [| for _, _, label in points -> label |]

let run () =
    printfn "Hacker's guide SVM: six points, mean hinge + 0.05·(a² + b²), rate 0.1, 400 steps"
    let start = Map.ofList [ "a", 1.0; "b", -2.0; "c", -1.0 ]
    printfn "  start    a = 1, b = -2, c = -1, accuracy %.0f%%" (100.0 * accuracy start)

    match
        Optimize.run
            {
                Optimize.defaults 0.1 with
                    Steps = 400
            }
            ignore
            start
            loss
    with
    | Ok result ->
        let v = Map.ofList result.Variables

        printfn
            "  trained  a = %.4f, b = %.4f, c = %.4f, loss %.4f, accuracy %.0f%%"
            v["a"]
            v["b"]
            v["c"]
            result.Value
            (100.0 * accuracy v)
    | Error message -> printfn "  failed: %s" message
