module Backprop.Functional.Learning.Tests.CsvTests

open System.IO
open System.Text
open Expecto
open Backprop.Functional.Language
open Backprop.Functional.Learning
open Backprop.Functional.Learning.Tests.Support

let private diagnostic text =
    match Csv.parse "data.csv" text with
    | Error d -> d
    | Ok data -> failtestf "expected a diagnostic, got %A" data

/// A diagnostic at a cell: its line and column, with the line shown.
let private expectAt line column (fragment: string) (d: Diagnostic) =
    Expect.equal (d.Position.Line, d.Position.Column) (line, column) $"position of: {d.Message}"
    Expect.isSome d.SourceLine "the line is shown"
    Expect.stringContains d.Message fragment "message"

/// A diagnostic about the whole file: at 1:1, with no line.
let private expectWhole (fragment: string) (d: Diagnostic) =
    Expect.equal d.Position Position.Start $"position of: {d.Message}"
    Expect.isNone d.SourceLine "no line"
    Expect.stringContains d.Message fragment "message"

/// The diagnostic of loading a path that must not load.
let private loadError path =
    match Csv.load path with
    | Error d -> d
    | Ok _ -> failtestf "%s loaded" path

/// The one diagnostic of loading a path as an expression file.
let private expressionFileError path =
    match ExpressionFile.load path with
    | Error [ d ] -> d
    | other -> failtestf "expected one diagnostic, got %A" other

[<Tests>]
let tests =
    testList "CSV data" [
        test "reads numeric rows with the label last" {
            let data = expectOk (Csv.parse "data.csv" "1.5,2,1\n-3,4e-1,-1\n") "parse"
            Expect.equal data.Features [| [| 1.5; 2.0 |]; [| -3.0; 0.4 |] |] "features"
            Expect.equal data.Labels [| 1.0; -1.0 |] "labels"
            Expect.isNone data.Names "no header"
        }

        test "reads 0/1 labels as -1/1, an optional header, CRLF, spaces and blank lines" {
            let data =
                expectOk (Csv.parse "data.csv" "\uFEFFx, y ,label\r\n\r\n 1 , 2 , 0\r\n3,4,1\r\n") "parse"

            Expect.equal data.Names (Some [ "x"; "y"; "label" ]) "header"
            Expect.equal data.Labels [| -1.0; 1.0 |] "labels"
            Expect.equal data.Features[0] [| 1.0; 2.0 |] "trimmed cells"
        }

        test "writes what it reads" {
            let data = moons ()
            let again = expectOk (Csv.parse "data.csv" (Csv.format data)) "parse"
            Expect.equal again data "round trip, bit for bit"
        }

        testList "gives the line and column of" [
            test "an empty file" { diagnostic "" |> expectWhole "no data rows" }
            test "a file of blank lines" { diagnostic "\n  \r\n" |> expectWhole "no data rows" }
            test "a header without rows" { diagnostic "a,b,label\n" |> expectWhole "header but no data rows" }
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
            test "an empty cell" {
                diagnostic "1,2,1\n,4,-1\n"
                |> expectAt 2 1 "The cell is empty; every feature is a number."
            }
            test "an empty label" { diagnostic "1,2,1\n3,4,\n" |> expectAt 2 5 "The label is empty" }
            test "a row of one cell is one cell" {
                diagnostic "1,2,1\n3\n"
                |> expectAt 2 2 "This row has 1 cell; the first row has 3"
            }
            test "a cell that is not finite" { diagnostic "1,2,1\n3,NaN,-1\n" |> expectAt 2 3 "not a finite number" }
            test "a label that is not -1, 0 or 1" { diagnostic "1,2,1\n3,4,2\n" |> expectAt 2 5 "'2' must be -1 or 1" }
            test "a label that is not a number" {
                diagnostic "1,2,1\n3,4,yes\n" |> expectAt 2 5 "'yes' is not a number"
            }
            test "labels that mix the two conventions" {
                diagnostic "1,2,0\n3,4,1\n5,6,-1\n" |> expectAt 3 5 "convention of line 1"
            }
            test "data of one class only" { diagnostic "1,2,1\n3,4,1\n" |> expectWhole "Every row has the label 1" }
            test "data of one class only in 0/1 labels" { diagnostic "1,2,0\n3,4,0\n" |> expectWhole "the label 0" }
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

        test "a content error carries its file, its line and a caret, from the text alone" {
            let d = diagnostic "x,y,label\r\n1,2,1\r\n3,abc,-1\r\n"
            Expect.equal d.File "data.csv" "file"
            Expect.equal d.SourceLine (Some "3,abc,-1") "the line, without its line ending"

            Expect.equal
                (Diagnostic.render d)
                "data.csv:3:3: error: 'abc' is not a number.\n3,abc,-1\n  ^\n"
                "compiler form"
        }

        test "a content error on the first line counts columns after the byte-order mark" {
            let d = diagnostic "\uFEFF1,abc,1\n2,3,-1\n"
            Expect.equal d.SourceLine (Some "1,abc,1") "the line, without the mark"
            Expect.equal (Diagnostic.render d) "data.csv:1:3: error: 'abc' is not a number.\n1,abc,1\n  ^\n" "caret"
        }

        test "the errors of a file with a byte-order mark are placed as in its text" {
            let path = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName() + ".csv")

            try
                File.WriteAllText(path, "x,label\n1,1\n2,yes\n", UTF8Encoding(true))
                let d = loadError path
                Expect.equal d.File path "file"
                Expect.equal (d.Position.Line, d.Position.Column) (3, 3) "position"
                Expect.equal d.SourceLine (Some "2,yes") "line"
            finally
                File.Delete path
        }

        test "standard input is read as a file is, and named as given" {
            use stream = new MemoryStream(Encoding.UTF8.GetBytes "1,2,1\n3,x,-1\n")

            match Csv.ofStream InputFile.StandardInputName stream with
            | Error d ->
                Expect.equal
                    (Diagnostic.render d)
                    "<stdin>:2:3: error: 'x' is not a number.\n3,x,-1\n  ^\n"
                    "diagnostic"
            | Ok _ -> failtest "bad data loaded"
        }

        test "binary content is refused at its NUL, not cut short into data" {
            // Reading stops after the first chunk that holds a NUL; the rows after it are never read.
            let text = "1,2,1\n3,\u0000,-1\n" + String.replicate 20_000 "3,4,-1\n"
            use stream = new MemoryStream(Encoding.UTF8.GetBytes text)

            match Csv.ofStream "zeros.csv" stream with
            | Error d -> expectAt 2 3 "'\\u0000' is not a number" d
            | Ok _ -> failtest "binary content loaded"
        }

        testList "fails to read a file in the words of an expression file:" [
            test "a missing file" {
                let missing =
                    Path.Combine(Path.GetTempPath(), "no-such-dir-for-backprop", "data.csv")

                let d = loadError missing
                expectWhole "no such file" d
                Expect.equal d.File missing "file"
                Expect.equal d.Message (expressionFileError missing).Message "the same words"
            }

            test "a directory" {
                let d = loadError (Path.GetTempPath())
                expectWhole "this is a directory, not a CSV file" d

                Expect.equal
                    (expressionFileError (Path.GetTempPath())).Message
                    "this is a directory, not an expression file"
                    "the expression file's words"
            }

            test "a file over the limit, refused before it is read" {
                let path = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName() + ".csv")

                try
                    // Sparse where the file system allows: nothing is written or read.
                    using (File.Create path) (fun stream -> stream.SetLength(Csv.MaxFileBytes + 1L))
                    let d = loadError path
                    expectWhole "" d

                    Expect.equal
                        d.Message
                        $"the input is larger than the limit of {Csv.MaxFileBytes:N0} bytes"
                        "the expression file's words, with the CSV limit"
                finally
                    File.Delete path
            }
        ]
    ]
