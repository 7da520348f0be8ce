module Backprop.Interactive.Tests.NotebookTests

open System
open System.Diagnostics
open System.IO
open System.Text.Json
open Expecto
open Backprop.Interactive.Tests.Support

/// What each notebook must print: the numbers of the original it follows.
let private expectations = [
    "gates.ipynb",
    [
        "multiply gate: output -6, d/du = 3, d/dv = -2"
        "add gate: output 1, d/du = 1, d/dv = 1"
        "neuron output s = 0.8807970779778823"
        "ds/da = -0.10499358540350662"
        "ds/dy = 0.20998717080701323"
        "neuron output after one step = 0.8825501816218984"
        "sigmoid(w · x) = 0.9820137900379085"
        "ds/dw = [-0.017662706213291107, -0.035325412426582214]"
        "sigmoid(w · x) after one step = 0.9820698610791033"
        "reached the target: True"
    ]

    "hackers-guide.ipynb",
    [
        "x*y at (-2, 3) = -6"
        "numerical gradient: d/dx = 3, d/dy = -2"
        "analytic gradient: d/dx = 3, d/dy = -2"
        "x*y after the analytic step = -5.8706"
        "f = (x + y) * z at (-2, 5, -4) = -12"
        "df/dx = -4, df/dy = -4, df/dz = 3"
        "gradient check passed: true"
        "neuron output = 0.880797"
        "every rule agrees: true"
        "SVM accuracy after training = 100.0%"
    ]

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

    "micrograd.ipynb",
    [
        "L = -8"
        "dL/da = 6"
        "dL/db = -4"
        "dL/dc = -2"
        "dL/df = 4"
        "do/dx1 = -1.5"
        "sanity check: y = -20, dy/dx = 46"
        "more ops: g = 24.70408163265306, dg/da = 138.83381924198252, dg/db = 645.5772594752186"
        "after 20 steps: loss 0.0177849, accuracy 100.0% (4 of 4 samples)"
        "after 100 steps: loss 0.0182367, accuracy 100.0% (100 of 100 samples)"
    ]

    "numpy-walkthrough.ipynb",
    [
        "sigmoid'(0) = 0.25"
        "tanh'(0) = 1"
        "f(3, -4) = 1.5456448841066441"
        "df/dx    = 2.0595697955721652"
        "df/dy    = 1.5922327514838093"
        "largest |dW - dz·xᵀ| = 0"
        "step 20  s = 0.9830749709269019"
        "the output rose at every one of the 20 steps: true"
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
