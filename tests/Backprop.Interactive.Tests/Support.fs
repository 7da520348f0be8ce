module Backprop.Interactive.Tests.Support

open System.IO
open Expecto
open Backprop.Functional

/// micrograd's first expression, L = (a*b + c) * f, with its intermediates, at its point.
type Micrograd = {
    E: Expr
    D: Expr
    L: Expr
    Gradients: Gradients
}

let micrograd () =
    let a, b, c, f = Expr.var "a", Expr.var "b", Expr.var "c", Expr.var "f"
    let e = a * b
    let d = e + c
    let L = d * f

    {
        E = e
        D = d
        L = L
        Gradients = Gradient.compute (Bindings.ofList [ "a", 2.0; "b", -3.0; "c", 10.0; "f", -2.0 ]) L
    }

/// Fails unless the text contains the part, showing the text.
let contains (text: string) (part: string) =
    Expect.isTrue (text.Contains(part, System.StringComparison.Ordinal)) $"expected {part} in:\n{text}"

/// Whether Graphviz's dot can be run here; CI installs it, so there its absence fails the tests.
let requireGraphviz () =
    match Backprop.Functional.Language.Graphviz.tryFindDot () with
    | Some _ -> true
    | None when System.Environment.GetEnvironmentVariable "CI" = "true" -> failtest "Graphviz's dot is not on the PATH"
    | None ->
        skiptest "Graphviz's dot is not on the PATH"
        false

/// A file of the repository, found by walking up from the test binaries to the solution file.
let repositoryPath (relative: string) =
    let rec up (dir: DirectoryInfo) =
        if isNull dir then
            failtest "The repository root (Backprop.Functional.sln) is not above the test binaries."
        elif File.Exists(Path.Combine(dir.FullName, "Backprop.Functional.sln")) then
            Path.Combine(dir.FullName, relative)
        else
            up dir.Parent

    up (DirectoryInfo System.AppContext.BaseDirectory)
