module Backprop.Functional.Language.Tests.InputFileTests

open System.IO
open System.Text
open Expecto
open Backprop.Functional.Language

let private expectFileError (result: Result<byte[], Diagnostic>) (file: string) (message: string) =
    match result with
    | Ok _ -> failtest "expected an error"
    | Error d ->
        Expect.equal d.File file "file"
        Expect.equal d.Position Position.Start "at 1:1"
        Expect.isNone d.SourceLine "no line"
        Expect.equal d.Message message "message"

/// A temporary file of the given bytes, deleted when disposed.
let private temporaryFile (bytes: byte[]) =
    let path = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName())
    File.WriteAllBytes(path, bytes)

    { new System.IDisposable with
        member _.Dispose() = File.Delete path
    },
    path

[<Tests>]
let tests =
    testList "InputFile" [
        test "a file is read whole" {
            let cleanup, path = temporaryFile (Encoding.UTF8.GetBytes "a = 1\n")
            use _ = cleanup

            match InputFile.readFile "an expression file" 100L path with
            | Ok bytes -> Expect.equal (Encoding.UTF8.GetString bytes) "a = 1\n" "bytes"
            | Error d -> failtest (Diagnostic.render d)
        }

        test "a missing file is 'no such file' at 1:1 of that file" {
            let path = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName())
            expectFileError (InputFile.readFile "an expression file" 100L path) path "no such file"
        }

        test "a directory is refused, saying what the file should have been" {
            let path = Path.GetTempPath()

            expectFileError (InputFile.readFile "a CSV file" 100L path) path "this is a directory, not a CSV file"
        }

        test "a file over the limit is refused with the limit" {
            let cleanup, path = temporaryFile (Array.create 101 (byte 'a'))
            use _ = cleanup

            expectFileError
                (InputFile.readFile "an expression file" 100L path)
                path
                "the input is larger than the limit of 100 bytes"
        }

        test "a stream over the limit is refused with the limit, in the same words as a file" {
            use stream = new MemoryStream(Array.create 101 (byte 'a'))

            expectFileError
                (InputFile.readStream 100L InputFile.StandardInputName stream)
                "<stdin>"
                "the input is larger than the limit of 100 bytes"
        }

        test "a file of exactly the limit is read" {
            let cleanup, path = temporaryFile (Array.create 100 (byte 'a'))
            use _ = cleanup

            match InputFile.readFile "an expression file" 100L path with
            | Ok bytes -> Expect.equal bytes.Length 100 "length"
            | Error d -> failtest (Diagnostic.render d)
        }

        test "no file name is an error, not an exception" {
            expectFileError (InputFile.readFile "an expression file" 100L "") "" "no file name was given"
        }
    ]
