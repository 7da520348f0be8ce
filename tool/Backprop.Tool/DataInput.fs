/// Reading a classification CSV for `train`, with its problems as compiler-form diagnostics.
module Backprop.Tool.DataInput

open System
open Backprop.Functional.Learning
open Backprop.Functional.Language

/// <summary>
/// The dataset in <paramref name="path"/> (<c>-</c> reads standard input, named <c>&lt;stdin&gt;</c>),
/// or its first problem as the library reports it: at the offending line and column with the line
/// shown, or at 1:1 for the whole file.
/// </summary>
let load (path: string) : Result<Dataset, Diagnostic> =
    if path = "-" then
        use input = Console.OpenStandardInput()
        Csv.ofStream InputFile.StandardInputName input
    else
        Csv.load path
