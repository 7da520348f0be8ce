module Backprop.Functional.Language.Tests.SourceTextTests

open System.Text
open Expecto
open Backprop.Functional.Language

let private ofBytes (bytes: byte[]) = SourceText.ofBytes "f.bp" bytes

[<Tests>]
let tests =
    testList "SourceText" [
        test "lines are split on \\n and \\r\\n, without their line endings" {
            match ofBytes (Encoding.UTF8.GetBytes "a = 1\r\nb = 2\nc = 3") with
            | Ok source ->
                Expect.equal source.LineCount 3 "three lines"
                Expect.equal [ source.Line 1; source.Line 2; source.Line 3 ] [ "a = 1"; "b = 2"; "c = 3" ] "lines"
            | Error d -> failtest d.Message
        }

        test "a UTF-8 byte-order mark is skipped" {
            match ofBytes (Array.append [| 0xEFuy; 0xBBuy; 0xBFuy |] (Encoding.UTF8.GetBytes "a = 1")) with
            | Ok source -> Expect.equal (source.Line 1) "a = 1" "no BOM in the text"
            | Error d -> failtest d.Message
        }

        test "invalid UTF-8 is refused at the line and column of the first bad byte" {
            match ofBytes (Array.concat [ Encoding.UTF8.GetBytes "a = 1\nb = é"; [| 0xFFuy |] ]) with
            | Ok _ -> failtest "accepted invalid UTF-8"
            | Error d ->
                Expect.equal (d.Position.Line, d.Position.Column) (2, 6) "position"
                Expect.stringContains d.Message "not valid UTF-8" "message"
        }

        test "a NUL byte marks the content as binary" {
            match ofBytes [| byte 'a'; 0uy; byte 'b' |] with
            | Ok _ -> failtest "accepted binary content"
            | Error d -> Expect.stringContains d.Message "binary" "message"
        }

        test "a line longer than the limit is refused, stating the limit" {
            let text = "a = " + String.replicate (SourceText.MaxLineLength + 10) "1"

            match SourceText.ofString "f.bp" text with
            | Ok _ -> failtest "accepted a line over the limit"
            | Error d ->
                Expect.equal d.Position.Line 1 "line"
                Expect.stringContains d.Message "1,048,576 characters per line" "message"
        }
    ]
