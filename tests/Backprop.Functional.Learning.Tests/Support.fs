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
