module Backprop.Functional.Learning.Tests.CsvTests

open System.IO
open Expecto
open Backprop.Functional.Learning
open Backprop.Functional.Learning.Tests.Support

let private diagnostic text =
    match Csv.parse text with
    | Error d -> d
    | Ok data -> failtestf "expected a diagnostic, got %A" data

let private expectAt line column (fragment: string) (d: DataDiagnostic) =
    Expect.equal (d.Line, d.Column) (line, column) $"position of: {d.Message}"
    Expect.stringContains d.Message fragment "message"

[<Tests>]
let tests =
    testList "CSV data" [
        test "reads numeric rows with the label last" {
            let data = expectOk (Csv.parse "1.5,2,1\n-3,4e-1,-1\n") "parse"
            Expect.equal data.Features [| [| 1.5; 2.0 |]; [| -3.0; 0.4 |] |] "features"
            Expect.equal data.Labels [| 1.0; -1.0 |] "labels"
            Expect.isNone data.Names "no header"
        }

        test "reads 0/1 labels as -1/1, an optional header, CRLF, spaces and blank lines" {
            let data =
                expectOk (Csv.parse "\uFEFFx, y ,label\r\n\r\n 1 , 2 , 0\r\n3,4,1\r\n") "parse"

            Expect.equal data.Names (Some [ "x"; "y"; "label" ]) "header"
            Expect.equal data.Labels [| -1.0; 1.0 |] "labels"
            Expect.equal data.Features[0] [| 1.0; 2.0 |] "trimmed cells"
        }

        test "writes what it reads" {
            let data = moons ()
            let again = expectOk (Csv.parse (Csv.format data)) "parse"
            Expect.equal again data "round trip, bit for bit"
        }

        testList "gives the line and column of" [
            test "a missing file" {
                let missing =
                    Path.Combine(Path.GetTempPath(), "no-such-dir-for-backprop", "data.csv")

                match Csv.load missing with
                | Error d -> expectAt 0 0 "does not exist" d
                | Ok _ -> failtest "a missing file loaded"
            }
            test "an empty file" { diagnostic "" |> expectAt 0 0 "no data rows" }
            test "a file of blank lines" { diagnostic "\n  \r\n" |> expectAt 0 0 "no data rows" }
            test "a header without rows" { diagnostic "a,b,label\n" |> expectAt 0 0 "header but no data rows" }
            test "a row of one column" { diagnostic "1\n2\n" |> expectAt 1 1 "at least two columns" }
            test "a row with too few cells" {
                diagnostic "1,2,1\n3,1\n" |> expectAt 2 4 "has 2 cells; the first row has 3"
            }
            test "a row with too many cells" { diagnostic "1,2,1\n3,4,1,9\n" |> expectAt 2 7 "has 4 cells" }
            test "a row longer than the header" {
                diagnostic "x,label\n1,1\n2,-1,5\n" |> expectAt 3 6 "the header has 2"
            }

            test "a cell that is not a number" {
                diagnostic "1,2,1\n3, abc,-1\n" |> expectAt 2 4 "'abc' is not a number"
            }
            test "an empty cell" { diagnostic "1,2,1\n,4,-1\n" |> expectAt 2 1 "an empty cell is not a number" }
            test "a cell that is not finite" { diagnostic "1,2,1\n3,NaN,-1\n" |> expectAt 2 3 "not a finite number" }
            test "a label that is not -1, 0 or 1" { diagnostic "1,2,1\n3,4,2\n" |> expectAt 2 5 "'2' must be -1 or 1" }
            test "a label that is not a number" {
                diagnostic "1,2,1\n3,4,yes\n" |> expectAt 2 5 "'yes' is not a number"
            }
            test "labels that mix the two conventions" {
                diagnostic "1,2,0\n3,4,1\n5,6,-1\n" |> expectAt 3 5 "convention of line 1"
            }
            test "data of one class only" { diagnostic "1,2,1\n3,4,1\n" |> expectAt 0 0 "Every row has the label 1" }
            test "data of one class only in 0/1 labels" { diagnostic "1,2,0\n3,4,0\n" |> expectAt 0 0 "the label 0" }
            test "binary junk, shown with its control characters escaped" {
                diagnostic "\u0000\u0001\u0002,\u00ff\n"
                |> expectAt 1 1 "'\\u0000\\u0001\\u0002' is not a number"
            }
        ]

        test "loads a file from disk" {
            let path = Path.GetTempFileName()

            try
                File.WriteAllText(path, "x,label\n1,1\n-1,-1\n")
                let data = expectOk (Csv.load path) "load"
                Expect.equal data.Labels [| 1.0; -1.0 |] "labels"
            finally
                File.Delete path
        }

        test "says a directory is not a file" {
            match Csv.load (Path.GetTempPath()) with
            | Error d -> expectAt 0 0 "is a directory" d
            | Ok _ -> failtest "a directory loaded"
        }
    ]
