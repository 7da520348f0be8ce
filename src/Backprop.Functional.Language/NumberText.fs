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

    /// <summary>
    /// The most significant digits <c>significant</c> takes: 17 digits tell every double apart,
    /// so at 17 the text is <c>roundTrip</c>'s.
    /// </summary>
    [<Literal>]
    let MaxDigits = 17

    /// <summary>
    /// The value rounded to <paramref name="digits"/> significant digits (1 to <c>MaxDigits</c>),
    /// in the shortest text that reads back as that rounded value: <c>"G"</c> with the digits,
    /// trailing zeros dropped, a lower-case exponent (<c>1.5e-07</c>), and zero always <c>0</c>,
    /// never <c>-0</c>. At 10 digits <c>-1.4999999999999993</c> is <c>-1.5</c> and
    /// <c>0.8813735870195432</c> is <c>0.881373587</c>; at <c>MaxDigits</c> it is
    /// <c>roundTrip</c>, the exact double. For people: tables and pictures. O(1).
    /// </summary>
    let significant (digits: int) (x: float) =
        if not (Double.IsFinite x) then
            nonFinite x
        elif x = 0.0 then
            "0"
        elif digits >= MaxDigits then
            roundTrip x
        else
            let digits = max 1 digits
            x.ToString("G" + string digits, CultureInfo.InvariantCulture).Replace('E', 'e')

    /// <summary>Six significant digits (<c>significant 6</c>), for graphs meant to be looked at.</summary>
    let short (x: float) = significant 6 x
