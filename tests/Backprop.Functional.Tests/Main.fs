module Backprop.Functional.Tests.Main

open Expecto
open Backprop.Tests

/// This assembly's Expecto tests, one xunit test case each, for `dotnet test`.
type ExpectoSuite() =
    [<ExpectoTests>]
    member _.run(name: string) =
        ExpectoInXunit.run typeof<ExpectoSuite>.Assembly name

[<EntryPoint>]
let main argv =
    Tests.runTestsInAssemblyWithCLIArgs [] argv
