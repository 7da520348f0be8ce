module Backprop.Functional.Learning.Tests.OptimizeTests

open Expecto
open Backprop.Functional
open Backprop.Functional.Learning
open Backprop.Functional.Learning.Tests.Support

let private x, y = Expr.var "x", Expr.var "y"

/// A convex bowl with its minimum 0 at (3, -1).
let private bowl = (x - 3.0) ** 2.0 + 2.0 * (y + 1.0) ** 2.0
let private origin = Bindings.ofList [ "x", 0.0; "y", 0.0 ]

/// The perceptron of the notebooks: output w·x, squared loss against the target 0.12.
let private perceptron =
    let w0, w1, x0, x1 = Expr.var "w0", Expr.var "w1", Expr.var "x0", Expr.var "x1"
    (w0 * x0 + w1 * x1 - 0.12) ** 2.0

let private perceptronStart =
    Bindings.ofList [ "w0", 2.0; "w1", -3.0; "x0", -1.0; "x1", -2.0 ]

let private untilSmall optimizer = {
    Optimize.defaults 0.01 with
        Optimizer = optimizer
        Steps = 10_000
        Until = Some 1e-4
        Parameters = [ "w0"; "w1" ]
}

let private run options bindings root =
    let values = ResizeArray()

    let result =
        expectOk (Optimize.run options (fun p -> values.Add p.Value) bindings root) "optimize"

    result, List.ofSeq values

let private errorOf options bindings root =
    match Optimize.run options ignoreProgress bindings root with
    | Error message -> message
    | Ok result -> failtestf "expected an error, got %A" result

[<Tests>]
let tests =
    testList "optimising an expression" [
        test "gradient descent on a convex problem lowers the loss at every step" {
            let result, values = run (Optimize.defaults 0.1) origin bowl
            Expect.equal result.Steps 100 "all steps"

            for before, after in List.pairwise values do
                Expect.isLessThan after before "the loss decreases"

            Expect.floatClose Accuracy.high result.Value 0.0 "the minimum"
            Expect.equal (List.map fst result.Variables) [ "x"; "y" ] "every variable, in slot order"
        }

        test "momentum and Adam find the bottom of the bowl" {
            for optimizer in [ Optimizer.momentum; Optimizer.adam ] do
                let options = {
                    Optimize.defaults 0.05 with
                        Optimizer = optimizer
                        Steps = 2000
                }

                let result, _ = run options origin bowl
                let final = Map.ofList result.Variables
                Expect.floatClose { absolute = 1e-4; relative = 0.0 } final["x"] 3.0 $"{optimizer} x"
                Expect.floatClose { absolute = 1e-4; relative = 0.0 } final["y"] -1.0 $"{optimizer} y"
        }

        test "SGD trains the perceptron below 1e-4 in 57 iterations, as (1 - 2·0.01·|x|²)^k predicts" {
            // The error w·x - 0.12 starts at 3.88 and shrinks by 0.9 per step: 3.88·0.9^57 < 0.01 < 3.88·0.9^56.
            let result, _ = run (untilSmall Optimizer.Sgd) perceptronStart perceptron
            Expect.isTrue result.ReachedTarget "reached"
            Expect.equal result.Steps 57 "iterations"
            Expect.isLessThanOrEqual result.Value 1e-4 "loss"
            let final = Map.ofList result.Variables
            Expect.equal final["x0"] -1.0 "inputs are not parameters and stay put"
        }

        test "Adam trains the perceptron below 1e-4 too, in the 338 iterations docs/learning.md reports" {
            let result, _ = run (untilSmall Optimizer.adam) perceptronStart perceptron
            Expect.isTrue result.ReachedTarget "reached"
            Expect.isLessThanOrEqual result.Value 1e-4 "loss"
            Expect.equal result.Steps 338 "iterations"
        }

        test "gradient ascent climbs to the top of an upturned bowl and stops at the target" {
            let options = {
                Optimize.defaults 0.1 with
                    Direction = Direction.Maximize
                    Until = Some -1e-6
            }

            let result, _ = run options origin (-bowl)
            Expect.isTrue result.ReachedTarget "reached"
            Expect.isGreaterThanOrEqual result.Value -1e-6 "value"
            Expect.isLessThan result.Steps 100 "stopped early"
        }

        test "a target already met needs no step" {
            let result, values =
                run
                    {
                        Optimize.defaults 0.1 with
                            Until = Some 100.0
                    }
                    origin
                    bowl

            Expect.equal result.Steps 0 "no update"
            Expect.equal values.Length 1 "one evaluation reported"
        }

        test "a linearly decaying schedule gives rate·(1 - 0.9·k/N)" {
            let schedule = Schedule.LinearDecay(1.0, 100)
            Expect.equal (Schedule.rate schedule 0) 1.0 "first"
            Expect.floatClose Accuracy.veryHigh (Schedule.rate schedule 50) 0.55 "middle"
            Expect.floatClose Accuracy.veryHigh (Schedule.rate schedule 99) 0.109 "last"
        }

        testList "rejects with a clear message" [
            test "a variable that is not in the expression" {
                let options = {
                    Optimize.defaults 0.1 with
                        Parameters = [ "z" ]
                }

                Expect.stringContains (errorOf options origin bowl) "'z' is not a variable" "message"
            }
            test "a variable without a value" {
                Expect.stringContains
                    (errorOf (Optimize.defaults 0.1) (Bindings.ofList [ "x", 1.0 ]) bowl)
                    "'y'"
                    "message"
            }
            test "a rate that is not positive" {
                Expect.stringContains (errorOf (Optimize.defaults 0.0) origin bowl) "learning rate" "message"
                Expect.stringContains (errorOf (Optimize.defaults nan) origin bowl) "learning rate" "message"
            }
            test "a number of steps that is not positive" {
                Expect.stringContains (errorOf { Optimize.defaults 0.1 with Steps = 0 } origin bowl) "steps" "message"
            }
            test "a value that becomes NaN, naming the step" {
                // Descending log(x) from x = 1 with rate 10 jumps to x = -9, where log is NaN.
                let message =
                    errorOf (Optimize.defaults 10.0) (Bindings.ofList [ "x", 1.0 ]) (log x)

                Expect.stringContains message "NaN after 1 step." "message"
            }
        ]
    ]

[<Tests>]
let updateRules =
    testList "update rules" [
        test "SGD moves each parameter by rate times its gradient" {
            let state = OptimizerState(Optimizer.Sgd, 2)
            let p = [| 1.0; -2.0 |]
            state.Update(0.5, System.Span p, System.ReadOnlySpan [| 2.0; -4.0 |])
            Expect.equal p [| 0.0; 0.0 |] "parameters"
        }

        test "momentum carries the previous step's velocity" {
            let state = OptimizerState(Optimizer.Momentum 0.5, 1)
            let p = [| 0.0 |]
            state.Update(1.0, System.Span p, System.ReadOnlySpan [| 1.0 |])
            state.Update(1.0, System.Span p, System.ReadOnlySpan [| 1.0 |])
            // Velocities 1 then 0.5·1 + 1 = 1.5.
            Expect.equal p [| -2.5 |] "parameters"
        }

        test "Adam's first step moves every parameter by about the rate, whatever the gradient's size" {
            let state = OptimizerState(Optimizer.adam, 2)
            let p = [| 0.0; 0.0 |]
            state.Update(0.01, System.Span p, System.ReadOnlySpan [| 1e-3; -1e3 |])
            Expect.floatClose Accuracy.medium p[0] -0.01 "small gradient"
            Expect.floatClose Accuracy.medium p[1] 0.01 "large gradient"
        }

        test "an optimiser rejects coefficients outside [0, 1)" {
            Expect.isNonEmpty (Optimizer.validate (Optimizer.Momentum 1.0)) "momentum 1"
            Expect.isNonEmpty (Optimizer.validate (Optimizer.Adam(0.9, 1.5, 1e-8))) "beta2 1.5"
            Expect.isEmpty (Optimizer.validate Optimizer.adam) "the defaults"
        }
    ]
