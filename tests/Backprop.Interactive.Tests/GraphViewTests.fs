module Backprop.Interactive.Tests.GraphViewTests

open System
open Expecto
open Backprop.Functional
open Backprop.Interactive
open Backprop.Interactive.Tests.Support

[<Tests>]
let tests =
    testList "graph views" [
        test "the graph of micrograd's L shows every node's data and grad, intermediates under their labels" {
            let m = micrograd ()
            let view = Display.Graph(m.Gradients, [ "e", m.E; "d", m.D; "L", m.L ])

            for record in
                [
                    "{ a | data 2 | grad 6 }"
                    "{ b | data -3 | grad -4 }"
                    "{ c | data 10 | grad -2 }"
                    "{ f | data -2 | grad 4 }"
                    "{ e | data -6 | grad -2 }"
                    "{ d | data 4 | grad -2 }"
                    "{ L | data -8 | grad 1 }"
                ] do
                contains view.Dot record

            contains view.Dot "digraph \"L\""
        }

        test "the text form lists every value with its data and grad, operands before their uses" {
            let m = micrograd ()
            let view = Display.Graph(m.Gradients, [ "e", m.E; "d", m.D; "L", m.L ])

            let lines =
                view.Text.TrimEnd('\n').Split('\n')
                |> Array.map (fun line -> String.Join(" ", line.Split(' ', StringSplitOptions.RemoveEmptyEntries)))

            Expect.equal
                (Array.sort lines)
                (Array.sort [|
                    "a data 2 grad 6"
                    "b data -3 grad -4"
                    "c data 10 grad -2"
                    "f data -2 grad 4"
                    "e = a * b data -6 grad -2"
                    "d = e + c data 4 grad -2"
                    "L = d * f data -8 grad 1"
                |])
                "the lines, whitespace folded"

            Expect.stringStarts (Array.last lines) "L = d * f" "the output comes last"
            Expect.equal (string view) view.Text "ToString is the text form"
        }

        test "an expression with variables shows its structure without numbers" {
            let x = Expr.var "x"
            let view = Display.Graph(tanh (x * 2.0))
            contains view.Dot "label=\"x\""
            Expect.isFalse (view.Dot.Contains "data") "no numbers without values"
            contains view.Text "tanh("
        }

        test "an expression of constants shows its numbers" {
            let view = Display.Graph(Expr.constant 3.0 * Expr.constant 4.0)
            contains view.Dot "data 12 | grad 1"
        }

        test "a C# value's graph shows the gradients of its backward pass, with labels" {
            let x = Backprop.Fluent.Value.Of(2.0, "x")
            let square = x * x
            let y = square + 1.0
            let view = Display.Graph(y, struct ("square", square))
            contains view.Dot "{ x | data 2 | grad 4 }"
            contains view.Dot "{ square | data 4 | grad 1 }"
        }

        test "a C# value whose variables have no numbers is drawn with the numbers given" {
            let w = Backprop.Fluent.Value.Variable "w"
            let y = (w * 3.0).Tanh()
            let view = Display.Graph(y, readOnlyDict [ "w", 0.0 ])
            contains view.Dot "{ w | data 0 | grad 3 }"
        }

        test "a graph bigger than the drawing limit shows as bounded text with the reason" {
            let x = Expr.var "x"
            let chain = Seq.fold (fun e _ -> tanh e + 0.5) x (seq { 1..300 })
            let view = Display.Graph(Gradient.compute (Bindings.ofList [ "x", 0.1 ]) chain)
            Expect.isGreaterThan view.NodeCount GraphView.MaxDrawnNodes "a large graph"
            contains (view.ToHtml()) "too many to draw"
            Expect.isNone (view.TrySvg()) "not drawn"
            Expect.isLessThanOrEqual (view.Text.Split('\n').Length) (TextForm.MaxLines + 2) "the text is bounded"
            contains view.Text "more nodes"
        }

        test "with Graphviz the graph is an SVG picture, without the XML prologue" {
            if requireGraphviz () then
                let m = micrograd ()
                let html = (Display.Graph m.Gradients).ToHtml()
                Expect.stringStarts html "<svg" "an inline svg element"
                contains html "grad 6"
        }

        testSequenced
        <| test "without Graphviz on the PATH the graph is shown as text, with how to get pictures" {
            let path = Environment.GetEnvironmentVariable "PATH"

            try
                Environment.SetEnvironmentVariable("PATH", "")
                let html = (Display.Graph (micrograd ()).Gradients).ToHtml()
                contains html "Graphviz"
                contains html "<pre>"
                contains html "grad 6"
            finally
                Environment.SetEnvironmentVariable("PATH", path)
        }

        test "the gradient table lists the variables in graph order, then the output" {
            let table = Display.Table (micrograd ()).Gradients

            let text =
                String.Join("\n", (string table).Split('\n') |> Array.map (fun l -> l.TrimEnd()))

            Expect.equal
                text
                "variable  gradient\na         6\nb         -4\nc         -2\nf         4\noutput = -8"
                "the text table"

            contains (table.ToHtml()) "<td>b</td><td style=\"text-align:right\">-4</td>"
        }

        test "the loss curve is an SVG chart with a summary of its range" {
            let chart = Display.LossCurve [ 1.0; 0.5; 0.25 ]
            Expect.stringStarts (chart.ToSvg()) "<svg" "an inline svg element"
            Expect.equal (string chart) "loss curve: 3 points, from 1 to 0.25" "the summary"
        }
    ]
