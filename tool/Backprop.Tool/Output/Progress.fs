/// Progress of a run of many steps (optimize, train): on a terminal one line rewritten in place,
/// with the step of the total, the time so far and an estimate of the time left; plain lines in a
/// file, a pipe or a CI log.
module Backprop.Tool.Output.Progress

open System
open System.Diagnostics
open System.Globalization
open System.IO

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

/// A number with six significant digits, as progress and summaries show it (inf, -inf, nan when not finite).
let number (x: float) =
    Backprop.Functional.Language.NumberText.short x

/// <summary>
/// A duration as a person reads it: <c>0.4 s</c>, <c>12 s</c>, <c>3 min 05 s</c>, <c>2 h 07 min</c>.
/// </summary>
let duration (time: TimeSpan) =
    let seconds = time.TotalSeconds

    if seconds < 10.0 then
        (Math.Floor(seconds * 10.0) / 10.0).ToString("0.0", CultureInfo.InvariantCulture)
        + " s"
    elif seconds < 60.0 then
        $"{int seconds} s"
    elif seconds < 3600.0 then
        $"{int seconds / 60} min {int seconds % 60:D2} s"
    else
        $"{int seconds / 3600} h {(int seconds % 3600) / 60:D2} min"

/// <summary>
/// The live line: <c>step 12 of 100: loss 0.42 · 0.8 s, about 5.9 s left</c>. The time left is the
/// time per step so far times the steps to go, once a step has been timed; with
/// <paramref name="mayStopEarly"/> (optimize --until) it is an upper bound, said as
/// <c>at most about</c>. A finished run shows its time only.
/// </summary>
let liveText (step: int) (total: int) (mayStopEarly: bool) (elapsed: TimeSpan) (finished: bool) (detail: string) =
    let head = $"step {step:N0} of {total:N0}: {detail} · {duration elapsed}"

    if finished || step <= 0 || step >= total then
        head
    else
        // Never "0.0 s left" while a step remains.
        let left =
            TimeSpan.FromTicks(max (elapsed.Ticks / int64 step * int64 (total - step)) (TimeSpan.TicksPerSecond / 10L))

        let bound = if mayStopEarly then "at most about" else "about"
        $"{head}, {bound} {duration left} left"

/// A terminal is redrawn at most this often, so that a fast run is not slowed by its own progress.
let private redrawInterval = TimeSpan.FromMilliseconds 50.0

/// <summary>
/// Where a run's progress goes: <paramref name="lines"/> gets the plain line of every step that
/// <c>shows</c> picks (a file or a pipe, so a long run does not flood a log);
/// <paramref name="live"/> gets one line redrawn in place at most every 50 ms (a terminal, at most
/// <paramref name="liveWidth"/> characters so that it never wraps), which stays at the end when
/// <paramref name="keep"/> and is erased otherwise. Either may be absent.
/// </summary>
type Reporter
    (
        lines: TextWriter option,
        live: TextWriter option,
        liveWidth: int,
        keep: bool,
        total: int,
        mayStopEarly: bool,
        plain: int -> string -> string
    ) =
    let run = Stopwatch.StartNew()
    let redraw = Stopwatch()
    let mutable shown = 0
    let mutable latest: (int * (unit -> string)) option = None

    let draw (writer: TextWriter) (text: string) =
        let text =
            if text.Length > liveWidth then
                text.Substring(0, liveWidth - 1) + "…"
            else
                text

        // Spaces cover the tail of a longer previous line; "\r" alone does not erase it.
        writer.Write("\r" + text.PadRight shown)
        writer.Flush()
        shown <- text.Length

    /// <summary>
    /// Reports step <paramref name="step"/> of the run; <paramref name="detail"/> (the numbers of the
    /// step, <c>loss 0.42, accuracy 85.0%</c>) is built only if it is shown.
    /// </summary>
    member _.Report(step: int, detail: unit -> string) =
        lines
        |> Option.iter (fun writer ->
            if shows step then
                writer.Write(plain step (detail ()) + "\n"))

        live
        |> Option.iter (fun writer ->
            latest <- Some(step, detail)

            if not redraw.IsRunning || redraw.Elapsed >= redrawInterval then
                draw writer (liveText step total mayStopEarly run.Elapsed false (detail ()))
                redraw.Restart())

    /// Ends the progress: the live line shows the last step and its time and stays, or is erased;
    /// what follows on that stream starts on a fresh line either way.
    member _.Finish() =
        lines |> Option.iter _.Flush()

        match live, latest with
        | Some writer, Some(step, detail) ->
            if keep then
                draw writer (liveText step total mayStopEarly run.Elapsed true (detail ()))
                writer.Write "\n"
            else
                writer.Write("\r" + String(' ', shown) + "\r")

            writer.Flush()
        | _ -> ()

/// The terminal's width, for the live line; 80 when it does not say.
let private terminalWidth () =
    try
        match Console.WindowWidth with
        | width when width > 1 -> width
        | _ -> 80
    with
    | :? IOException
    | :? PlatformNotSupportedException -> 80

/// <summary>
/// The progress of a command of <paramref name="total"/> steps whose result goes to standard output.
/// Beside a table (<paramref name="machineReadable"/> false) the plain lines are part of the output
/// when it is a file or a pipe, as they always were. A terminal gets the live line: on standard error
/// when that is a terminal (erased at the end if standard output is not the terminal too, which has
/// the plain lines or the JSON), else on standard output beside a table. Beside JSON, nothing goes to a
/// stream that is not a terminal, so that neither stream gets anything a script did not ask for.
/// <paramref name="plain"/> writes a plain line from the step and its detail.
/// </summary>
let forCommand (machineReadable: bool) (total: int) (mayStopEarly: bool) (plain: int -> string -> string) =
    let outputIsTerminal = not Console.IsOutputRedirected
    let errorIsTerminal = not Console.IsErrorRedirected

    let lines =
        if not machineReadable && not outputIsTerminal then
            Some Console.Out
        else
            None

    let live =
        if errorIsTerminal then
            Some Console.Error
        elif not machineReadable && outputIsTerminal then
            Some Console.Out
        else
            None

    let keep = not machineReadable && outputIsTerminal
    Reporter(lines, live, terminalWidth (), keep, total, mayStopEarly, plain)
