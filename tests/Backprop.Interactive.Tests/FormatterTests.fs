module Backprop.Interactive.Tests.FormatterTests

open System
open Expecto
open Microsoft.DotNet.Interactive.Formatting
open Backprop.Functional
open Backprop.Functional.Learning
open Backprop.Interactive
open Backprop.Interactive.Tests.Support

let private html (value: obj) =
    Display.Register()
    Formatter.ToDisplayString(value, "text/html")

let private plain (value: obj) =
    Display.Register()
    Formatter.ToDisplayString(value, "text/plain")

[<Tests>]
let tests =
    testList "notebook formatters" [
        test "a gradient result displays as its table of variables" {
            let g = (micrograd ()).Gradients
            contains (html g) "<td>a</td><td style=\"text-align:right\">6</td>"
            contains (plain g) "output = -8"
        }

        test "an expression displays as its graph" {
            let shown = html (micrograd ()).L

            if Backprop.Functional.Language.Graphviz.tryFindDot().IsSome then
                Expect.stringStarts shown "<svg" "a picture"
            else
                contains shown "<pre>"

            contains (plain (micrograd ()).L) "* f"
        }

        test "a C# value displays as its graph with data and grad" {
            let x = Backprop.Fluent.Value.Of(3.0, "x")
            contains (plain (x * x)) "data 9"
        }

        test "a C# gradient result displays as its table" {
            let x = Backprop.Fluent.Value.Of(3.0, "x")
            contains (plain ((x * x).Backward())) "x         6"
        }

        test "a training result displays its summary and its loss curve" {
            let data =
                match Moons.generate 20 0.1 1L with
                | Ok data -> data
                | Error e -> failtest e

            let result =
                match Train.run { Train.defaults with Steps = 5 } ignore data with
                | Ok result -> result
                | Error e -> failtest (TrainError.message e)

            Expect.equal result.LossHistory.Length 6 "a loss before each of 5 updates, and the final loss"
            Expect.equal (Array.last result.LossHistory) result.Loss "the last point is the final loss"
            let shown = html result
            contains shown "after 5 steps: loss"
            contains shown "<svg"
            Expect.stringStarts (plain result) "after 5 steps: loss" "the text form"
        }

        test "registering twice registers once" {
            Display.Register()
            Display.Register()
            let g = (micrograd ()).Gradients
            let shown = html g
            Expect.equal (shown.Split("<table>").Length) 2 "one table"
        }
    ]
