/// The process exit codes of `dotnet backprop` (SPEC §2), stated in the help text too.
module Backprop.Tool.ExitCodes

/// Success.
[<Literal>]
let Success = 0

/// `check` found a gradient outside the tolerance.
[<Literal>]
let CheckFailed = 1

/// Bad input or usage: unreadable file, syntax error, unknown name or function, name bound twice,
/// `--of`/`--set` naming a missing binding or a non-leaf, empty file, unknown option.
[<Literal>]
let BadInput = 2

/// A bug in the tool itself: an unexpected exception, reported in one line without a stack trace.
[<Literal>]
let InternalError = 3

/// <summary>
/// The exit codes a command can return, with what each means there, for its help page: 1 only
/// for <c>check</c> (a failed check) and for commands with <c>--fail-on-nonfinite</c>.
/// </summary>
let forCommand (name: string) (failsOnNonFinite: bool) : (int * string) list = [
    Success, "success"
    if name = "check" then
        CheckFailed,
        "a gradient (or with --order 2 a second derivative) outside the tolerance"
        + (if failsOnNonFinite then
               "; with --fail-on-nonfinite, an inf or nan"
           else
               "")
    elif failsOnNonFinite then
        CheckFailed, "with --fail-on-nonfinite: a value or gradient is inf or nan"
    BadInput, "bad input or usage: unreadable file, syntax error, unknown name, --of/--set naming nothing"
    InternalError, "an internal error: a bug in the tool, reported in one line; please report it"
]
