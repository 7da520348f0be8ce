module Backprop.Functional.Language.Tests.BinderTests

open Expecto
open Backprop.Functional
open Backprop.Functional.Language
open Backprop.Functional.Language.Tests.Support

let private binding (file: ExpressionFile) name = (file.TryFind name).Value

[<Tests>]
let tests =
    testList "Binder" [
        test "bindings keep file order, names and positions" {
            let file = parse [ "# header"; "a = 2.0"; ""; "  b = a * 3" ]
            Expect.equal (file.Bindings |> Seq.map _.Name |> List.ofSeq) [ "a"; "b" ] "order"
            Expect.equal (binding file "b").Position { Line = 4; Column = 3 } "position of b"
        }

        test "a leaf becomes a variable of its own name, with the written value" {
            let a = binding (parse [ "a = -2.5" ]) "a"
            Expect.isTrue a.IsLeaf "leaf"
            Expect.equal a.LeafValue (Some -2.5) "value"

            match a.Expr.Node with
            | Var "a" -> ()
            | other -> failtestf "expected Var a, got %A" other
        }

        test "sin and cos are functions whose gradients are cos and -sin" {
            let result = evaluate (parse [ "x = 0.5"; "y = sin(x) * cos(x)" ])
            expectClose (row result "y").Value (sin 0.5 * cos 0.5) "value"
            expectClose (row result "x").Gradient (cos 0.5 * cos 0.5 - sin 0.5 * sin 0.5) "gradient"
        }

        test "an alias is the very node of its target, and not a leaf" {
            let file = parse [ "x = 1"; "y = x"; "z = y * 2" ]
            let y = binding file "y"
            Expect.isTrue (obj.ReferenceEquals(y.Expr, (binding file "x").Expr)) "same node"
            Expect.equal y.Kind (BindingKind.Alias "x") "alias"
            Expect.isFalse y.IsLeaf "not a leaf"
        }

        test "an alias has the value and gradient of its target, in a row of its own" {
            let result = evaluate (parse [ "x = 3"; "y = x"; "z = y * y" ])
            Expect.equal (result.Results |> Array.map _.Binding.Name) [| "x"; "y"; "z" |] "rows"
            expectClose (row result "y").Value 3.0 "value of y"
            expectClose (row result "y").Gradient 6.0 "dz/dy"
            expectClose (row result "x").Gradient 6.0 "dz/dx"
        }

        test "a literal inside an expression is a constant with no row" {
            let file = parse [ "n = 3"; "y = 2 * n" ]
            Expect.equal file.Bindings.Count 2 "no row for the 2"
            expectClose (row (evaluate file) "n").Gradient 2.0 "dy/dn"
        }

        test "function names can be bound as variables; a name followed by '(' is always a call" {
            let result = evaluate (parse [ "exp = 0"; "y = exp(exp) + exp" ])
            expectClose result.Value 1.0 "exp(0) + 0"
        }

        test "a name bound twice is an error at the second binding with a note at the first" {
            let d = singleError [ "a = 1"; "b = a * 2"; "a = 3" ]
            expectError d 3 1 "'a' is bound twice (first on line 1)"

            match d.Related with
            | [ note ] ->
                Expect.equal note.Severity Severity.Note "a note"
                Expect.equal note.Position { Line = 1; Column = 1 } "points at the first binding"
                Expect.equal note.SourceLine (Some "a = 1") "shows the first line"
            | other -> failtestf "expected one note, got %A" other
        }

        test "an unknown name is an error at its use" {
            expectError (singleError [ "a = 1"; "b = a * q" ]) 2 9 "unknown name 'q'"
        }

        test "a name used before its binding says where it is bound" {
            expectError (singleError [ "b = 2 * q"; "q = 1" ]) 1 9 "it is bound later, on line 2"
        }

        test "a self-reference is an unknown name (no cycles can exist)" {
            expectError (singleError [ "y = y + 1" ]) 1 5 "unknown name 'y'"
        }

        test "an alias of an unknown name is an error at the name" {
            expectError (singleError [ "a = 1"; "b = c" ]) 2 5 "unknown name 'c'"
        }

        test "an unknown function is an error listing the functions" {
            let d = singleError [ "a = 1"; "b = foo(a)" ]
            expectError d 2 5 "unknown function 'foo'"

            Expect.stringContains
                d.Message
                "tanh, exp, log, sigmoid, relu, sin, cos, abs, sqrt, pow, max, min, greater, equal"
                "lists the functions"
        }

        test "a wrong number of arguments is an error at the function name" {
            expectError (singleError [ "a = 1"; "b = tanh(a, a)" ]) 2 5 "'tanh' takes 1 argument, but 2 were given"
            expectError (singleError [ "a = 1"; "b = max(a)" ]) 2 5 "'max' takes 2 arguments, but 1 was given"
            expectError (singleError [ "b = relu()" ]) 1 5 "'relu' takes 1 argument, but 0 were given"
        }

        test "errors of several lines are all reported, in line order" {
            let ds = errors [ "a = 1 +"; "b = 2"; "c = b * q"; "d = )" ]
            Expect.equal (ds |> List.map _.Position.Line) [ 1; 3; 4 ] "lines"
        }

        test "a line with a syntax error still binds its name, so later uses add no error" {
            let ds = errors [ "a = 1 +"; "b = a * 2" ]
            Expect.equal ds.Length 1 "only the syntax error"
        }

        test "reporting stops after the maximum number of errors, with a note" {
            let ds = errors [ for i in 1..100 -> $"a{i} = 1 +" ]
            Expect.equal ds.Length (Binder.MaxErrors + 1) "errors and a note"
            Expect.equal (List.last ds).Severity Severity.Note "the last is a note"
        }

        test "each binding has its own expression; evaluating the file gives the worked example" {
            let result =
                evaluate (
                    parse [
                        "a = 2.0"
                        "b = -3.0"
                        "c = 10"
                        "e = a * b"
                        "d = e + c"
                        "f = -2.0"
                        "L = d * f"
                    ]
                )

            expectClose result.Value -8.0 "L"

            for name, grad in [ "a", 6.0; "b", -4.0; "c", -2.0; "f", 4.0; "e", -2.0; "d", -2.0; "L", 1.0 ] do
                expectClose (row result name).Gradient grad $"dL/d{name}"
        }

        test "1,000 bindings bound in a chain keep their order" {
            let file = parse [ yield "x0 = 1"; for i in 1..1000 -> $"x{i} = x{i - 1} + 1" ]
            Expect.equal file.LastBinding.Name "x1000" "last"
            expectClose (evaluate file).Value 1001.0 "value"
        }
    ]
