namespace Backprop.Functional.Language

open System
open System.Collections.Generic
open System.Globalization

/// <summary>
/// The values of a file's leaves, with overrides such as the command line's <c>--set NAME=VALUE</c>.
/// </summary>
[<RequireQualifiedAccess>]
module Overrides =

    /// <summary>
    /// Parses a number as the language writes it, and also <c>inf</c>, <c>-inf</c>, <c>nan</c>
    /// (as the tool prints them) and .NET's <c>Infinity</c>/<c>NaN</c>; invariant culture.
    /// </summary>
    let tryParseNumber (text: string) : float option =
        match text.Trim().ToLowerInvariant() with
        | "inf"
        | "+inf" -> Some Double.PositiveInfinity
        | "-inf" -> Some Double.NegativeInfinity
        | "nan" -> Some Double.NaN
        | trimmed ->
            match Double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture) with
            | true, value -> Some value
            | _ -> None

    /// <summary>
    /// Checks one <c>NAME=VALUE</c> against the file: the name must be a leaf of the file and the
    /// value a number. Errors point at the leaf's line where there is one.
    /// </summary>
    let parse (file: ExpressionFile) (spec: string) : Result<string * float, Diagnostic> =
        let fail message =
            Error(Diagnostic.fileError file.File $"--set {spec}: {message}")

        match spec.IndexOf '=' with
        | -1 -> fail "expected NAME=VALUE"
        | equals ->
            let name = spec.Substring(0, equals).Trim()
            let valueText = spec.Substring(equals + 1)

            match file.TryFind name with
            | None -> fail $"the file binds no '{name}'"
            | Some binding when not binding.IsLeaf ->
                Error(
                    file.ErrorAt(
                        binding,
                        $"--set {spec}: '{name}' is not a leaf (its value is computed); only a binding of a number, NAME = NUMBER, can be set"
                    )
                )
            | Some binding ->
                match tryParseNumber valueText with
                | Some value -> Ok(name, value)
                | None -> Error(file.ErrorAt(binding, $"--set {spec}: '{valueText}' is not a number"))

    /// <summary>
    /// The value of every leaf of the file, with the overrides applied (a later override of the same
    /// name wins). All bad overrides are reported, not only the first.
    /// </summary>
    let leafValues
        (file: ExpressionFile)
        (specs: string seq)
        : Result<IReadOnlyDictionary<string, float>, Diagnostic list> =
        let values = Dictionary<string, float>()

        for b in file.Bindings do
            match b.Kind with
            | Leaf value -> values[b.Name] <- value
            | _ -> ()

        let errors = ResizeArray<Diagnostic>()

        for spec in specs do
            match parse file spec with
            | Ok(name, value) -> values[name] <- value
            | Error d -> errors.Add d

        if errors.Count = 0 then
            Ok(values :> IReadOnlyDictionary<string, float>)
        else
            Error(List.ofSeq errors)
