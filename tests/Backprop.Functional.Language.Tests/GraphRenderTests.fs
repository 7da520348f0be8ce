module Backprop.Functional.Language.Tests.GraphRenderTests

open System.IO
open Expecto
open Backprop.Functional.Language
open Backprop.Functional.Language.Tests.Support

let private render writer (text: string list) =
    let file = parse text
    let result = evaluate file
    use out = new StringWriter()
    writer out file result
    out.ToString()

let private dot = render GraphRender.writeDot
let private mermaid = render GraphRender.writeMermaid

[<Tests>]
let tests =
    testList "GraphRender" [
        test "DOT draws left to right, one record per value with its name, data and grad" {
            let text = dot [ "a = 2"; "b = -3"; "e = a * b" ]
            Expect.stringStarts text "digraph \"e\" {\n  rankdir=LR;\n  node [shape=record];\n" "header"
            Expect.stringContains text "[label=\"{ a | data 2 | grad -3 }\"]" "leaf a"
            Expect.stringContains text "[label=\"{ e | data -6 | grad 1 }\"]" "output e"
            Expect.stringEnds text "}\n" "closed"
        }

        test "DOT draws an operator node per operation, fed by its operands and feeding its result" {
            let text = dot [ "a = 2"; "b = -3"; "e = a * b" ]

            Expect.stringContains
                text
                "n2_op [label=\"*\", shape=ellipse];\n  n2_op -> n2;\n  n0 -> n2_op;\n  n1 -> n2_op;\n"
                "operator"
        }

        test "a constant exponent is written into the operator, as micrograd draws b**-1" {
            let text = dot [ "a = 2"; "b = 4"; "q = a * b ** -1" ]
            Expect.stringContains text "[label=\"**-1\", shape=ellipse]" "power label"
            Expect.isFalse (text.Contains "data -1 |") "the exponent is not drawn"
        }

        test "a division is one operator, drawn /" {
            let text = dot [ "a = 2"; "b = 4"; "q = a / b" ]
            Expect.stringContains text "[label=\"/\", shape=ellipse]" "division label"
            Expect.stringContains text "{ q | data 0.5 | grad 1 }" "q"
        }

        test "an unnamed intermediate has an empty name" {
            Expect.stringContains (dot [ "a = 2"; "y = a * 3 + 1" ]) "[label=\"{  | data 6 | grad 1 }\"]" "a*3"
        }

        test "a named constant and a constant output are drawn" {
            Expect.stringContains (dot [ "a = 1"; "k = (2)" ]) "{ k | data 2 | grad 1 }" "the output k"
            Expect.stringContains (dot [ "k = (2)"; "y = k * 3" ]) "{ k | data 2 | grad 3 }" "the named constant k"
        }

        test "an alias shares its target's node, which shows both names" {
            Expect.stringContains (dot [ "x = 2"; "y = x"; "z = y * 3" ]) "{ x, y | data 2 | grad 3 }" "both names"
        }

        test "the elements of a vector are nodes named as the tool's rows, w[0], w[1]" {
            let text = dot [ "w = [2, -3]"; "x = [-1, -2]"; "y = dot(w, x)" ]
            Expect.stringContains text "{ w[0] | data 2 | grad -1 }" "w[0]"
            Expect.stringContains text "{ x[1] | data -2 | grad -3 }" "x[1]"
            Expect.stringContains text "{ y | data 4 | grad 1 }" "y"
        }

        test "Mermaid has the same nodes and edges as a flowchart" {
            let text = mermaid [ "a = 2"; "b = -3"; "e = a * b" ]
            Expect.stringStarts text "flowchart LR\n" "header"
            Expect.stringContains text "n0[\"a | data 2 | grad -3\"]" "record"
            Expect.stringContains text "n2_op((\"*\"))\n  n2_op --> n2\n  n0 --> n2_op\n" "operator"
        }

        test "a chain of 100,000 bindings renders, one record and one operator per node" {
            let text = dot [ yield "x0 = 1"; for i in 1..100_000 -> $"x{i} = tanh(x{i - 1})" ]
            let records = text.Split("shape=ellipse").Length - 1
            Expect.equal records 100_000 "one operator per tanh"
        }
    ]
