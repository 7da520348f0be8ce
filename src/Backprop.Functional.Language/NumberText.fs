namespace Backprop.Functional.Language

open System
open System.Globalization

/// How numbers are written in the tool's outputs (SPEC §1, numerical conventions).
[<RequireQualifiedAccess>]
module NumberText =

    let private nonFinite (x: float) =
        if Double.IsNaN x then "nan"
        elif x > 0.0 then "inf"
        else "-inf"

    /// <summary>
    /// The shortest text that reads back as the same double (<c>"R"</c>, invariant culture, with a
    /// lower-case exponent as Python writes it: <c>1e-06</c>); <c>nan</c>, <c>inf</c>, <c>-inf</c>
    /// for the IEEE specials.
    /// </summary>
    let roundTrip (x: float) =
        if Double.IsFinite x then
            x.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e')
        else
            nonFinite x

    /// <summary>
    /// A count and the noun it counts, singular for one: <c>count 1 "step" "steps"</c> is
    /// <c>1 step</c>, <c>count 1000 "leaf" "leaves"</c> is <c>1,000 leaves</c> (invariant thousands separators).
    /// </summary>
    let count (n: int) (singular: string) (plural: string) =
        let noun = if n = 1 then singular else plural
        n.ToString("N0", CultureInfo.InvariantCulture) + " " + noun

    /// <summary>Six significant digits (<c>"G6"</c>), for graphs meant to be looked at.</summary>
    let short (x: float) =
        if Double.IsFinite x then
            x.ToString("G6", CultureInfo.InvariantCulture)
        else
            nonFinite x
