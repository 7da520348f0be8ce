namespace Backprop.Functional.Language

open System
open System.Collections.Generic
open System.Globalization

/// <summary>
/// The values of a file's leaves, with overrides <c>NAME=VALUE</c> (the tool's <c>--set NAME=VALUE</c>).
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
    /// The variable an element reference <c>w[0]</c> or <c>W[1, 0]</c> names, as the core names it
    /// (<c>W[1,0]</c>), checked against the leaf's shape.
    /// </summary>
    let private elementVariable (binding: Binding) (indexText: string) : Result<string, string> =
        match binding.Bound with
        | Scalar _ -> Error $"'{binding.Name}' is a scalar, not a vector or matrix: set it as {binding.Name}=VALUE"
        | Shaped t ->
            let parts = indexText.Split ','

            let indices =
                parts
                |> Array.choose (fun p ->
                    match Int32.TryParse(p.Trim(), NumberStyles.None, CultureInfo.InvariantCulture) with
                    | true, k -> Some k
                    | _ -> None)

            let wanted = t.Shape.Rank

            if indices.Length <> parts.Length then
                Error $"'[{indexText}]' is not an index: write whole numbers, as {binding.ElementName 0}"
            elif indices.Length <> wanted then
                let count = if wanted = 1 then "one index" else "two indices"

                Error
                    $"'{binding.Name}' is {Bound.describe binding.Bound}: name an element with {count}, as {binding.ElementName 0}"
            else
                let dimensions = t.Shape.Dimensions

                if Array.exists2 (fun k n -> k >= n) indices dimensions then
                    let last = binding.ElementName(t.Count - 1)

                    Error
                        $"[{indexText}] is outside '{binding.Name}', which is {Bound.describe binding.Bound} ({binding.ElementName 0} to {last})"
                else
                    let flat = Array.fold2 (fun acc k n -> acc * n + k) 0 indices dimensions
                    Ok(binding.ElementName flat)

    /// <summary>
    /// Checks one <c>NAME=VALUE</c> against the file: the name must be a leaf of the file (or an
    /// element of a vector or matrix leaf, <c>w[0]=1.5</c>, <c>W[1,0]=2</c>) and the value a number.
    /// The result names the variable set (<c>W[1,0]</c>, spaces removed). Errors point at the
    /// leaf's line where there is one, else at 1:1. Their messages do not repeat the setting or say
    /// where it came from (the tool puts <c>--set NAME=VALUE: </c> in front of them); one that
    /// suggests another setting ends with it, written as a setting is given here
    /// (<c>… as w[0]=VALUE</c>), so that a caller can write it as its users do.
    /// </summary>
    let parse (file: ExpressionFile) (spec: string) : Result<string * float, Diagnostic> =
        let fail message =
            Error(Diagnostic.fileError file.File message)

        match spec.IndexOf '=' with
        | -1 -> fail "expected NAME=VALUE"
        | equals ->
            let target = spec.Substring(0, equals).Trim()
            let valueText = spec.Substring(equals + 1)

            // `w[0]` names an element of the leaf `w`.
            let name, indexText =
                match target.IndexOf '[' with
                | -1 -> target, None
                | bracket when target.EndsWith ']' ->
                    target.Substring(0, bracket).Trim(),
                    Some(target.Substring(bracket + 1, target.Length - bracket - 2))
                | bracket -> target.Substring(0, bracket).Trim(), Some(target.Substring(bracket + 1))

            match file.TryFind name with
            | None ->
                match file.TryFindFunction name with
                | Some f ->
                    Error(
                        file.ErrorAt(
                            f,
                            $"'{name}' is a function, not a leaf; only a binding of a number, NAME = NUMBER, can be set"
                        )
                    )
                | None ->
                    // The leaves are what can be set: the suggestion is the nearest leaf.
                    let leaves = file.Bindings |> Seq.filter _.IsLeaf |> Seq.map _.Name
                    fail $"the file binds no '{name}'{Suggestions.didYouMean leaves name}"
            | Some binding when not binding.IsLeaf ->
                Error(
                    file.ErrorAt(
                        binding,
                        $"'{name}' is not a leaf (its value is computed); only a binding of a number, NAME = NUMBER, can be set"
                    )
                )
            | Some binding ->
                let variable =
                    match indexText, binding.Bound with
                    | None, Scalar _ -> Ok name
                    | None, Shaped _ ->
                        Error
                            $"'{name}' is {Bound.describe binding.Bound}: set one element at a time, as {binding.ElementName 0}=VALUE"
                    | Some _, _ when not (target.EndsWith ']') -> Error $"'{target}' has no closing ']'"
                    | Some indices, _ -> elementVariable binding indices

                match variable with
                | Error message -> Error(file.ErrorAt(binding, message))
                | Ok variable ->
                    match tryParseNumber valueText with
                    | Some value -> Ok(variable, value)
                    | None -> Error(file.ErrorAt(binding, $"'{valueText}' is not a number"))

    /// <summary>
    /// The value of every leaf of the file, with the overrides applied (a later override of the same
    /// name wins). The elements of a vector or matrix leaf are the variables <c>w[0]</c>, <c>W[1,0]</c>.
    /// All bad overrides are reported, not only the first.
    /// </summary>
    let leafValues
        (file: ExpressionFile)
        (specs: string seq)
        : Result<IReadOnlyDictionary<string, float>, Diagnostic list> =
        let values = Dictionary<string, float>()

        for b in file.Bindings do
            for name, value in b.LeafVariables do
                values[name] <- value

        let errors = ResizeArray<Diagnostic>()

        for spec in specs do
            match parse file spec with
            | Ok(name, value) -> values[name] <- value
            | Error d -> errors.Add d

        if errors.Count = 0 then
            Ok(values :> IReadOnlyDictionary<string, float>)
        else
            Error(List.ofSeq errors)
