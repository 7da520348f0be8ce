module Backprop.Functional.Learning.Tests.Support

open Expecto
open Backprop.Functional.Learning

/// Unwraps a result a test expects to succeed, failing with its error otherwise.
let expectOk (result: Result<'T, 'E>) (message: string) : 'T =
    match result with
    | Ok value -> value
    | Error error -> failtestf "%s: %A" message error

/// The two-moons data of the demo: 100 samples, noise 0.1, seed 1 (examples/moons.csv).
let moons () =
    expectOk (Moons.generate 100 0.1 1L) "moons"

let ignoreProgress (_: 'T) = ()

/// A file of the repository, found by walking up from the test binaries to the solution file.
let repositoryFile (relative: string) =
    let rec up (dir: System.IO.DirectoryInfo) =
        if isNull dir then
            failtest "The repository root (Backprop.Functional.sln) is not above the test binaries."
        elif System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Backprop.Functional.sln")) then
            System.IO.Path.Combine(dir.FullName, relative)
        else
            up dir.Parent

    up (System.IO.DirectoryInfo System.AppContext.BaseDirectory)
