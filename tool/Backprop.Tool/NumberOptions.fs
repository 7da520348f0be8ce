/// Numeric options that must be in a range: a value outside it is a usage error (exit 2) naming
/// the option, before any work starts.
module Backprop.Tool.NumberOptions

open System
open System.CommandLine
open System.Globalization

let private tryFloat (text: string) =
    match Double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture) with
    | true, value -> Some value
    | _ -> None

/// Adds a check of every value of the option; System.CommandLine itself reports a value that does not parse.
let private require (option: Option<'T>) (holds: float -> bool) (what: string) =
    option.Validators.Add(fun result ->
        for token in result.Tokens do
            match tryFloat token.Value with
            | Some value when not (holds value) ->
                result.AddError $"{option.Name} must be {what}, got '{token.Value}'."
            | _ -> ())

/// A number greater than zero and finite (a rate, a tolerance).
let positive (option: Option<float>) =
    require option (fun x -> x > 0.0 && Double.IsFinite x) "a positive number"
    option

/// A number zero or more and finite (a noise, a penalty).
let nonNegative (option: Option<float>) =
    require option (fun x -> x >= 0.0 && Double.IsFinite x) "a number, 0 or more"
    option

/// Any number but NaN (a target value; infinities are allowed).
let notNaN (option: Option<float>) =
    require option (fun x -> not (Double.IsNaN x)) "a number"
    option

/// A whole number of at least one (steps, samples).
let positiveCount (option: Option<int>) =
    require option (fun x -> x >= 1.0) "a whole number, 1 or more"
    option

/// The significant digits tables show by default: enough for the meaning of a double, few enough
/// that rounding noise of the last bits (micrograd's neuron's -1.4999999999999993) reads -1.5.
[<Literal>]
let DefaultDigits = 10

/// <summary>
/// <c>--digits N</c>: the significant digits of the numbers in tables and Markdown (1 to 17; 17
/// writes the exact double). JSON and CSV, written for programs, always carry the exact double.
/// </summary>
let digitsOption () =
    let option =
        Option<int>(
            "--digits",
            Description =
                $"Significant digits of the numbers in the table and markdown formats, 1 to {Backprop.Functional.Language.NumberText.MaxDigits} (the exact double); json and csv always write the exact double. [default: {DefaultDigits}]",
            HelpName = "N",
            DefaultValueFactory = (fun _ -> DefaultDigits)
        )

    require
        option
        (fun x -> x >= 1.0 && x <= float Backprop.Functional.Language.NumberText.MaxDigits)
        $"a whole number from 1 to {Backprop.Functional.Language.NumberText.MaxDigits}"

    option

/// The numbers of a table at <paramref name="digits"/> significant digits (NumberText.significant).
let numberWith (digits: int) : float -> string =
    Backprop.Functional.Language.NumberText.significant digits
