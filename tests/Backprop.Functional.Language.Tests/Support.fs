module Backprop.Functional.Language.Tests.Support

open Expecto
open Backprop.Functional.Language

/// The accuracy the notebooks' worked examples are asserted to.
let exact = { absolute = 1e-12; relative = 1e-12 }

/// Lines joined with "\n", as a file's text.
let lines (text: string list) = String.concat "\n" text + "\n"

/// The bound file of a text, failing the test on any diagnostic.
let parse (text: string list) : ExpressionFile =
    match ExpressionFile.ofText "test.bp" (lines text) with
    | Ok file -> file
    | Error diagnostics ->
        failtestf "expected the file to bind, got:\n%s" (diagnostics |> List.map Diagnostic.render |> String.concat "")

/// The diagnostics of a text that must not bind.
let errors (text: string list) : Diagnostic list =
    match ExpressionFile.ofText "test.bp" (lines text) with
    | Ok _ -> failtest "expected the file to be rejected"
    | Error diagnostics -> diagnostics

/// The single diagnostic of a text that must not bind.
let singleError (text: string list) : Diagnostic =
    match errors text with
    | [ d ] -> d
    | ds -> failtestf "expected one diagnostic, got %d: %A" ds.Length (ds |> List.map _.Message)

/// Expects a diagnostic at a line and column whose message contains a fragment.
let expectError (d: Diagnostic) (line: int) (column: int) (fragment: string) =
    Expect.equal d.Severity Severity.Error "severity"
    Expect.equal (d.Position.Line, d.Position.Column) (line, column) $"position of: {d.Message}"
    Expect.stringContains d.Message fragment "message"

/// The evaluation of a file with its last binding as the output and the values written in it.
let evaluate (file: ExpressionFile) =
    match Overrides.leafValues file [] with
    | Ok values -> Evaluation.run file file.LastBinding values
    | Error _ -> failtest "leaf values"

/// The result row of a binding.
let row (result: EvaluationResult) (name: string) =
    result.Results |> Array.find (fun r -> r.Binding.Name = name)

let expectClose (actual: float) (expected: float) (message: string) =
    Expect.floatClose exact actual expected message
