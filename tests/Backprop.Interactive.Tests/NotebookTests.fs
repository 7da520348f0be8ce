module Backprop.Interactive.Tests.NotebookTests

open System
open System.Diagnostics
open System.IO
open System.Text.Json
open Expecto
open Backprop.Interactive.Tests.Support

/// What each notebook must print: the numbers of the original it follows.
let private expectations = [
    "micrograd-by-hand.ipynb",
    [
        "numeric slope at 3 = 14.0003"
        "f(3) = 20, df/dx = 14"
        "L = -8"
        "dL/da = 6, dL/db = -4, dL/dc = -2, dL/df = 4"
        "dL/de = -2, dL/dd = -2"
        "L after one step = -7.2865 (it was -8)"
        "check: ok"
        "o = 0.7071"
        "do/dx1 = -1.5000"
        "do/dw1 = 1.0000"
        "do/dx2 = 0.5000"
        "do/dw2 = 0.0000"
        "do/db = 0.5000"
        "by exp: do/dx1 = -1.5000"
        "tanh: ok"
        "exp:  ok"
    ]
]

/// One output of a cell: its kind, and its text (stdout, or every representation of a value).
type private Output = { Kind: string; Text: string }

let private outputsOf (file: string) =
    use document = JsonDocument.Parse(File.ReadAllText file)

    [
        for cell in document.RootElement.GetProperty("cells").EnumerateArray() do
            match cell.TryGetProperty "outputs" with
            | true, outputs ->
                for output in outputs.EnumerateArray() do
                    let kind = output.GetProperty("output_type").GetString()

                    let text =
                        match kind with
                        | "stream" ->
                            String.Join("", output.GetProperty("text").EnumerateArray() |> Seq.map _.GetString())
                        | "error" -> output.GetProperty("evalue").GetString()
                        | _ ->
                            output.GetProperty("data").EnumerateObject()
                            |> Seq.map (fun mime ->
                                match mime.Value.ValueKind with
                                | JsonValueKind.Array ->
                                    String.Join("", mime.Value.EnumerateArray() |> Seq.map _.GetString())
                                | _ -> mime.Value.ToString())
                            |> String.concat "\n"

                    { Kind = kind; Text = text }
            | _ -> ()
    ]

/// The notebooks, run once by notebooks/run.sh into a scratch folder for all the tests below.
let private ran =
    lazy
        (let folder =
            Path.Combine(Path.GetTempPath(), $"backprop-notebooks-{Guid.NewGuid():N}")

         let start =
             ProcessStartInfo("bash", RedirectStandardOutput = true, RedirectStandardError = true)

         start.ArgumentList.Add(repositoryPath "notebooks/run.sh")
         start.ArgumentList.Add "--output"
         start.ArgumentList.Add folder
         use run = Process.Start start
         let log = run.StandardOutput.ReadToEndAsync()
         let errors = run.StandardError.ReadToEndAsync()

         if not (run.WaitForExit(TimeSpan.FromMinutes 15.0)) then
             run.Kill true
             failtest "notebooks/run.sh took more than 15 minutes"

         folder, run.ExitCode, log.Result + errors.Result)

let private notebooksInRepository () =
    Directory.GetFiles(repositoryPath "notebooks", "*.ipynb")
    |> Array.map Path.GetFileName
    |> Array.sort
    |> List.ofArray

[<Tests>]
let tests =
    testList "notebooks" [
        test "every notebook of the repository has its expected numbers listed here" {
            Expect.equal (notebooksInRepository ()) (expectations |> List.map fst |> List.sort) "the notebooks"
        }

        testSequenced
        <| testList "run headlessly" [
            for name, numbers in expectations ->
                test $"{name} runs to the end without an error and prints the original's numbers" {
                    let folder, exitCode, log = ran.Force()
                    let file = Path.Combine(folder, name)
                    Expect.isTrue (File.Exists file) $"{name} was run:\n{log}"
                    let outputs = outputsOf file

                    for output in outputs do
                        Expect.notEqual output.Kind "error" $"{name}: a cell failed: {output.Text}"

                    let printed = outputs |> List.map _.Text |> String.concat "\n"

                    for number in numbers do
                        Expect.isTrue (printed.Contains(number, StringComparison.Ordinal)) $"{name} prints \"{number}\""

                    Expect.isTrue (printed.Contains "<svg") $"{name} shows a graph or a plot inline"
                    Expect.equal exitCode 0 $"notebooks/run.sh succeeds:\n{log}"
                }
        ]

        test "the committed notebooks carry their outputs and name no folder of the machine that ran them" {
            for name in notebooksInRepository () do
                let file = repositoryPath (Path.Combine("notebooks", name))
                let outputs = outputsOf file
                Expect.isNonEmpty outputs $"{name} is committed with its outputs (notebooks/run.sh writes them)"
                let text = File.ReadAllText file

                for folder in [ "/tmp/"; "/root/"; "/home/"; "/work/"; "C:\\\\" ] do
                    Expect.isFalse (text.Contains(folder, StringComparison.Ordinal)) $"{name} names {folder}"
        }
    ]
