// Makes a notebook that dotnet-repl ran fit to commit: drops the transient "Installing
// Packages" progress and the "Loading extensions from <path>" lines (they name folders of the
// machine that ran it) and the per-cell timestamps, so that a run on another machine or day
// changes only what the cells compute. Usage: dotnet fsi clean.fsx RAN.ipynb OUT.ipynb
open System.IO
open System.Text.Json
open System.Text.Json.Nodes

let args = fsi.CommandLineArgs |> Array.skip 1
let ran, out = args[0], args[1]
let notebook = JsonNode.Parse(File.ReadAllText ran)

let text (output: JsonNode) =
    match output["data"] with
    | null -> ""
    | data ->
        data.AsObject()
        |> Seq.map (fun pair -> pair.Value.ToJsonString())
        |> String.concat " "

let transient (output: JsonNode) =
    let shown = text output
    shown.Contains "Installing Packages" || shown.Contains "Loading extensions from"

for cell in notebook["cells"].AsArray() do
    let metadata = cell["metadata"].AsObject()
    metadata.Remove "dotnet_repl_cellExecutionStartTime" |> ignore
    metadata.Remove "dotnet_repl_cellExecutionEndTime" |> ignore

    match cell["outputs"] with
    | null -> ()
    | outputs ->
        let outputs = outputs.AsArray()

        for i in outputs.Count - 1 .. -1 .. 0 do
            if transient outputs[i] then outputs.RemoveAt i

let options = JsonSerializerOptions(WriteIndented = true)
File.WriteAllText(out, notebook.ToJsonString options + "\n")
