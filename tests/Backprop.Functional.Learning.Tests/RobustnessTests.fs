module Backprop.Functional.Learning.Tests.RobustnessTests

open Expecto
open FsCheck.FSharp
open Backprop.Functional.Learning

let private config = {
    FsCheckConfig.defaultConfig with
        maxTest = 300
}

/// Text made of the characters CSV and JSON parsers care about, so that random inputs reach deep.
let private csvish =
    Gen.elements [
        '0'
        '1'
        '-'
        '.'
        'e'
        ','
        '\n'
        '\r'
        ' '
        'x'
        '"'
        '{'
        '}'
        '['
        ']'
        ':'
        '\000'
    ]
    |> Gen.arrayOf
    |> Gen.map System.String
    |> Arb.fromGen

[<Tests>]
let tests =
    testList "robustness" [
        testPropertyWithConfig
            config
            "CSV parsing answers every text with data or a located diagnostic, never an exception"
        <| Prop.forAll csvish (fun text ->
            match Csv.parse "fuzz.csv" text with
            | Ok data -> Dataset.validate data = []
            | Error d ->
                d.File = "fuzz.csv"
                && d.Position.Line >= 1
                && d.Position.Column >= 1
                && d.Message.Length > 0
                && (d.SourceLine.IsNone || d.Position.Column <= d.SourceLine.Value.Length + 1))

        testPropertyWithConfig config "model loading answers every text with a model or a message, never an exception"
        <| Prop.forAll csvish (fun text ->
            match ModelJson.deserialize text with
            | Ok _ -> true
            | Error message -> message.Length > 0)

        testPropertyWithConfig config "CSV written from any finite data reads back bit for bit"
        <| fun (rows: (float * float * bool) list) ->
            let rows =
                rows
                |> List.filter (fun (a, b, _) -> System.Double.IsFinite a && System.Double.IsFinite b)

            let labels =
                rows |> List.map (fun (_, _, positive) -> if positive then 1.0 else -1.0)

            if List.distinct labels |> List.length < 2 then
                true
            else
                let data = {
                    Names = None
                    Features = [| for a, b, _ in rows -> [| a; b |] |]
                    Labels = Array.ofList labels
                }

                let reread = Csv.parse "data.csv" (Csv.format data)

                reread = Ok {
                    data with
                        Names = Some [ "x1"; "x2"; "label" ]
                }

        test "the generator is SplitMix64: seed 0 starts with its published outputs" {
            let random = SeededRandom 0L
            Expect.equal (random.NextBits()) 0xE220A8397B1DCDAFUL "first"
            Expect.equal (random.NextBits()) 0x6E789E6AA1B965F4UL "second"
        }
    ]
