/// Renders DOT text into a picture with Graphviz's `dot` program, found on the PATH.
module Backprop.Tool.Pictures.Graphviz

open System
open System.Diagnostics
open System.IO

/// The formats `graph --output` renders through Graphviz, by file extension.
let formats = [ ".svg", "svg"; ".png", "png" ]

/// What the user reads when `dot` is missing: what is needed and how to get it on each platform.
let missingMessage =
    "graph --output needs Graphviz's 'dot' program to draw the picture, and no 'dot' is on the PATH.\n"
    + "  Install Graphviz (graphviz.org), then run the command again:\n"
    + "    Debian, Ubuntu:  sudo apt-get install graphviz\n"
    + "    Fedora:          sudo dnf install graphviz\n"
    + "    macOS:           brew install graphviz\n"
    + "    Windows:         winget install graphviz\n"
    + "  Without Graphviz, 'graph FILE' prints the DOT text and '--format mermaid' a Mermaid chart."

/// The full path of `dot` (`dot.exe` on Windows) in the first PATH folder that has it.
let tryFindDot () : string option =
    let name = if OperatingSystem.IsWindows() then "dot.exe" else "dot"

    (Environment.GetEnvironmentVariable "PATH"
     |> Option.ofObj
     |> Option.defaultValue "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
    |> Seq.map (fun folder -> Path.Combine(folder.Trim '"', name))
    |> Seq.tryFind File.Exists

/// <summary>
/// Runs <c>dot -T<paramref name="format"/> -o <paramref name="output"/></c> with the DOT text written by
/// <paramref name="writeDot"/> on its standard input. Returns Graphviz's own error text when it fails.
/// </summary>
let render (dot: string) (format: string) (output: string) (writeDot: TextWriter -> unit) : Result<unit, string> =
    let start =
        ProcessStartInfo(
            dot,
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            StandardInputEncoding = Text.UTF8Encoding false
        )

    start.ArgumentList.Add $"-T{format}"
    start.ArgumentList.Add "-o"
    start.ArgumentList.Add output

    try
        use graphviz = Process.Start start
        // Read its output streams while writing its input, so that no pipe fills and blocks either side.
        let errors = graphviz.StandardError.ReadToEndAsync()
        let chatter = graphviz.StandardOutput.ReadToEndAsync()

        try
            use input = graphviz.StandardInput
            input.NewLine <- "\n"
            writeDot input
        with :? IOException ->
            // dot stopped reading (it failed early); its exit code and message say why.
            ()

        graphviz.WaitForExit()
        chatter.Wait()

        if graphviz.ExitCode = 0 then
            Ok()
        else
            Error $"Graphviz's dot failed (exit {graphviz.ExitCode}): {errors.Result.Trim()}"
    with :? ComponentModel.Win32Exception as e ->
        Error $"could not run Graphviz's dot ({dot}): {e.Message}"
