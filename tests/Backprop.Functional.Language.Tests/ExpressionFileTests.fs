module Backprop.Functional.Language.Tests.ExpressionFileTests

open System
open System.IO
open System.Text
open Expecto
open Backprop.Functional.Language
open Backprop.Functional.Language.Tests.Support

/// A stream of zero bytes that never ends, like /dev/zero.
type private EndlessZeros() =
    inherit Stream()
    override _.CanRead = true
    override _.CanSeek = false
    override _.CanWrite = false
    override _.Length = raise (NotSupportedException())

    override _.Position
        with get () = raise (NotSupportedException())
        and set _ = raise (NotSupportedException())

    override _.Flush() = ()

    override _.Read(buffer: byte[], offset: int, count: int) =
        Array.Clear(buffer, offset, count)
        count

    override _.Seek(_, _) = raise (NotSupportedException())
    override _.SetLength _ = raise (NotSupportedException())
    override _.Write(_, _, _) = raise (NotSupportedException())

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

        test "an input over the size limit is refused with the limit, not read to the end" {
            use stream =
                new MemoryStream(Encoding.UTF8.GetBytes(String.replicate 1000 "a = 1\n"))

            match ExpressionFile.ofStreamWithLimit 100L "big.bp" stream with
            | Ok _ -> failtest "expected an error"
            | Error [ d ] -> expectError d 1 1 "larger than the limit of 100 bytes"
            | Error ds -> failtestf "%A" ds
        }

        test "an endless binary input is refused after reading one chunk" {
            use stream = new EndlessZeros()

            match ExpressionFile.ofStream "zeros" stream with
            | Ok _ -> failtest "expected an error"
            | Error [ d ] -> Expect.stringContains d.Message "NUL byte" "message"
            | Error ds -> failtestf "%A" ds
        }
    ]
