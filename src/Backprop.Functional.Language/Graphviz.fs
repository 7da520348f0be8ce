namespace Backprop.Functional.Language

open System
open System.Diagnostics
open System.IO

/// <summary>
/// Runs Graphviz's <c>dot</c> program, found on the PATH, on DOT text such as
/// <c>GraphRender.writeDot</c> writes: the one way the tool and the notebook display draw pictures.
/// </summary>
[<RequireQualifiedAccess>]
module Graphviz =

    /// The full path of <c>dot</c> (<c>dot.exe</c> on Windows) in the first PATH folder that has it.
    let tryFindDot () : string option =
        let name = if OperatingSystem.IsWindows() then "dot.exe" else "dot"

        (Environment.GetEnvironmentVariable "PATH"
         |> Option.ofObj
         |> Option.defaultValue "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        |> Seq.map (fun folder -> Path.Combine(folder.Trim '"', name))
        |> Seq.tryFind File.Exists

    /// Runs dot with the arguments and the DOT text on its standard input; its standard output.
    let private run (dot: string) (arguments: string list) (writeDot: TextWriter -> unit) : Result<string, string> =
        let start =
            ProcessStartInfo(
                dot,
                RedirectStandardInput = true,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
                StandardInputEncoding = Text.UTF8Encoding false,
                StandardOutputEncoding = Text.UTF8Encoding false
            )

        for argument in arguments do
            start.ArgumentList.Add argument

        try
            use graphviz = Process.Start start
            // Read its output streams while writing its input, so that no pipe fills and blocks either side.
            let errors = graphviz.StandardError.ReadToEndAsync()
            let output = graphviz.StandardOutput.ReadToEndAsync()

            try
                use input = graphviz.StandardInput
                input.NewLine <- "\n"
                writeDot input
            with :? IOException ->
                // dot stopped reading (it failed early); its exit code and message say why.
                ()

            graphviz.WaitForExit()

            if graphviz.ExitCode = 0 then
                Ok output.Result
            else
                Error $"Graphviz's dot failed (exit {graphviz.ExitCode}): {errors.Result.Trim()}"
        with :? ComponentModel.Win32Exception as e ->
            Error $"could not run Graphviz's dot ({dot}): {e.Message}"

    /// <summary>
    /// Runs <c>dot -T<paramref name="format"/> -o <paramref name="output"/></c> with the DOT text written by
    /// <paramref name="writeDot"/> on its standard input. Returns Graphviz's own error text when it fails.
    /// </summary>
    let render (dot: string) (format: string) (output: string) (writeDot: TextWriter -> unit) : Result<unit, string> =
        run dot [ $"-T{format}"; "-o"; output ] writeDot |> Result.map ignore

    /// <summary>
    /// The SVG picture of the DOT text written by <paramref name="writeDot"/>: the <c>&lt;svg&gt;</c>
    /// element alone, without the XML declaration and doctype, so that it can be put inside HTML.
    /// </summary>
    let svg (dot: string) (writeDot: TextWriter -> unit) : Result<string, string> =
        run dot [ "-Tsvg" ] writeDot
        |> Result.map (fun text ->
            match text.IndexOf("<svg", StringComparison.Ordinal) with
            | start when start > 0 -> text.Substring start
            | _ -> text)
