module Backprop.Interactive.Tests.NotebookTests

open Expecto

[<Tests>]
let tests = testList "notebooks" []
