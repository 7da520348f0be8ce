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
