/// Progress of a run of many steps (optimize, train): one line rewritten in place on a terminal,
/// plain lines otherwise.
module Backprop.Tool.Output.Progress

open System
open System.Diagnostics
open System.IO

/// How progress is shown.
type Mode =
    /// One line, redrawn in place (a terminal).
    | Live
    /// One line per shown step (a file, a pipe, a CI log).
    | Lines
    /// Nothing (machine-readable output on a stream that is not a terminal).
    | Silent

/// <summary>
/// Whether plain lines show step <paramref name="step"/>: every step below 100, then every 10th
/// below 1,000, every 100th below 10,000 and so on — all of a short run, and about 90 lines per
/// tenfold of a long one, whether or not its length is known in advance.
/// </summary>
let shows (step: int) =
    let mutable every = 1
    let mutable limit = 100

    while step >= limit && limit <= Int32.MaxValue / 10 do
        every <- every * 10
        limit <- limit * 10

    step % every = 0

/// A terminal is redrawn at most this often, so that a fast run is not slowed by its own progress.
let private redrawInterval = TimeSpan.FromMilliseconds 50.0

/// <summary>
/// Shows the progress of a run on <paramref name="writer"/>: in <c>Lines</c> mode the steps that
/// <c>shows</c> picks, so a long run does not flood a log; in <c>Live</c> mode the latest step, at
/// most every 50 ms.
/// </summary>
type Reporter(writer: TextWriter, mode: Mode) =
    let clock = Stopwatch()
    let mutable shown = 0
    let mutable latest: (unit -> string) option = None

    let draw (text: string) =
        // Spaces cover the tail of a longer previous line; "\r" alone does not erase it.
        writer.Write("\r" + text.PadRight shown)
        writer.Flush()
        shown <- text.Length

    /// Reports step <paramref name="step"/>; <paramref name="text"/> is built only if it is shown.
    member _.Report(step: int, text: unit -> string) =
        match mode with
        | Silent -> ()
        | Lines ->
            if shows step then
                writer.Write(text () + "\n")
        | Live ->
            latest <- Some text

            if not clock.IsRunning || clock.Elapsed >= redrawInterval then
                draw (text ())
                clock.Restart()

    /// <summary>
    /// Ends the progress: a live line shows the latest step and then ends (<paramref name="keep"/>)
    /// or is erased; the output that follows starts on a fresh line either way.
    /// </summary>
    member _.Finish(keep: bool) =
        match mode, latest with
        | Live, Some text ->
            if keep then
                draw (text ())
                writer.Write "\n"
            else
                writer.Write("\r" + String(' ', shown) + "\r")

            writer.Flush()
        | _ -> writer.Flush()

/// <summary>
/// The progress of a command whose result goes to standard output. Beside a table it is part of the
/// output: live on a terminal, plain lines otherwise. Beside machine-readable output
/// (<paramref name="machineReadable"/>, JSON) it goes to standard error, and only when that is a
/// terminal, so that neither stream gets anything a script did not ask for.
/// </summary>
let forCommand (machineReadable: bool) =
    if machineReadable then
        Reporter(Console.Error, (if Console.IsErrorRedirected then Silent else Live))
    else
        Reporter(Console.Out, (if Console.IsOutputRedirected then Lines else Live))

/// A number with six significant digits, as progress and summaries show it (inf, -inf, nan when not finite).
let number (x: float) =
    Backprop.Functional.Language.NumberText.short(x).Replace('E', 'e')
