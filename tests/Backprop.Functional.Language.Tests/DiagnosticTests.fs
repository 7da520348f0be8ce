module Backprop.Functional.Language.Tests.DiagnosticTests

open Expecto
open Backprop.Functional.Language

[<Tests>]
let tests =
    testList "Diagnostic" [
        test "an error renders as FILE:LINE:COL: error: MESSAGE, the line, and a caret under the column" {
            let d =
                Diagnostic.error "m.bp" { Line = 3; Column = 5 } "b = 2 +" "something is wrong"

            Expect.equal (Diagnostic.render d) "m.bp:3:5: error: something is wrong\nb = 2 +\n    ^\n" "rendering"
        }

        test "the caret line copies tabs so that it lines up in any tab width" {
            let d = Diagnostic.error "m.bp" { Line = 1; Column = 3 } "\tb" "bad"
            Expect.equal (Diagnostic.render d) "m.bp:1:3: error: bad\n\tb\n\t ^\n" "rendering"
        }

        test "characters that would not show are escaped in the message, as typed" {
            let d =
                Diagnostic.fileError "m.bp" "the file binds no 'a\u200Bb', nor '\u202Eevil', nor '\uFEFFx\ty'"

            Expect.equal
                (Diagnostic.render d)
                "m.bp:1:1: error: the file binds no 'a\\u200Bb', nor '\\u202Eevil', nor '\\uFEFFx\\u0009y'\n"
                "escaped"

            Expect.equal (Diagnostic.printable "W is 3×2 …") "W is 3×2 …" "visible characters stay"
        }

        test "a file-level error has no source line" {
            let d = Diagnostic.fileError "m.bp" "no such file"
            Expect.equal (Diagnostic.render d) "m.bp:1:1: error: no such file\n" "rendering"
        }

        test "related notes follow the diagnostic they belong to" {
            let note = {
                Diagnostic.error "m.bp" { Line = 1; Column = 1 } "a = 1" "first" with
                    Severity = Severity.Note
            }

            let d = {
                Diagnostic.error "m.bp" { Line = 2; Column = 1 } "a = 2" "second" with
                    Related = [ note ]
            }

            Expect.equal
                (Diagnostic.render d)
                "m.bp:2:1: error: second\na = 2\n^\nm.bp:1:1: note: first\na = 1\n^\n"
                "rendering"
        }

        test "a very long line is shown as a window around the column, with the caret still under it" {
            let line = String.replicate 5000 "x" + "!" + String.replicate 5000 "y"
            let d = Diagnostic.error "m.bp" { Line = 1; Column = 5001 } line "here"
            let rendered = (Diagnostic.render d).Split '\n'
            Expect.isLessThan rendered[1].Length 200 "the excerpt is short"
            let caret = rendered[2].IndexOf '^'
            let pointedAt = rendered[1][caret]
            Expect.equal pointedAt '!' "the caret points at the offending character"
        }
    ]
