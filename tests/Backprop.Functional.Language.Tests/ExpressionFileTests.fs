module Backprop.Functional.Language.Tests.ExpressionFileTests

open System.IO
open System.Text
open Expecto
open Backprop.Functional.Language
open Backprop.Functional.Language.Tests.Support

let private loadError (path: string) =
    match ExpressionFile.load path with
    | Ok _ -> failtest "expected an error"
    | Error [ d ] -> d
    | Error ds -> failtestf "expected one error, got %A" ds

[<Tests>]
let tests =
    testList "ExpressionFile" [
        test "an empty file is an error saying it is empty" { expectError (singleError [ "" ]) 1 1 "the file is empty" }

        test "a file of only comments and blank lines is an error saying so" {
            expectError (singleError [ "# a"; ""; "   # b" ]) 1 1 "only comments and blank lines"
        }

        test "a missing file is an error at 1:1 of that file" {
            let path = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName() + ".bp")
            let d = loadError path
            Expect.equal d.File path "file"
            Expect.stringContains d.Message "no such file" "message"
        }

        test "a directory is an error saying it is a directory" {
            Expect.stringContains (loadError (Path.GetTempPath())).Message "is a directory" "message"
        }

        test "a file on disk is read, and its name is kept for diagnostics" {
            let path = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName() + ".bp")
            File.WriteAllText(path, "a = 1\nb = a + 1\n")

            try
                match ExpressionFile.load path with
                | Ok file -> Expect.equal file.File path "file name"
                | Error ds -> failtestf "%A" ds
            finally
                File.Delete path
        }

        test "a stream is read to its end" {
            use stream = new MemoryStream(Encoding.UTF8.GetBytes "a = 1\r\nb = a * 2\r\n")

            match ExpressionFile.ofStream ExpressionFile.StandardInputName stream with
            | Ok file -> Expect.equal file.LastBinding.Name "b" "output"
            | Error ds -> failtestf "%A" ds
        }
    ]
