namespace Backprop.Functional.Learning

open System

/// <summary>
/// Two interleaving half circles, the data set of micrograd's demo (scikit-learn's
/// <c>make_moons</c> construction): the upper moon, label -1, is the half circle of radius 1 about
/// (0, 0); the lower moon, label 1, is the same half circle turned over and moved to (1, 0.5).
/// </summary>
[<RequireQualifiedAccess>]
module Moons =

    /// The most samples <c>generate</c> makes (about 100 MB of data).
    [<Literal>]
    let MaxSamples = 1_000_000

    /// <summary>
    /// <paramref name="count"/> samples — ⌊count/2⌋ on the upper moon, the rest on the lower —
    /// evenly spaced along each half circle, shuffled, then moved by Gaussian noise of standard
    /// deviation <paramref name="noise"/> in each coordinate. The same arguments always give the same
    /// data (see <see cref="T:Backprop.Functional.Learning.SeededRandom"/>). Errors: fewer than 2
    /// samples (one class only), more than <c>MaxSamples</c>, or a negative or non-finite noise.
    /// </summary>
    let generate (count: int) (noise: float) (seed: int64) : Result<Dataset, string> =
        if count < 2 then
            Error $"Two moons need at least 2 samples, one per class, not {count}."
        elif count > MaxSamples then
            Error $"At most {MaxSamples} samples can be generated, not {count}."
        elif not (noise >= 0.0 && Double.IsFinite noise) then
            Error $"The noise must be a finite number, 0 or more; it was {noise}."
        else
            let random = SeededRandom seed
            let upper = count / 2
            let lower = count - upper

            let angle i n =
                if n = 1 then 0.0 else Math.PI * float i / float (n - 1)

            let points =
                Array.append [|
                    for i in 0 .. upper - 1 -> Math.Cos(angle i upper), Math.Sin(angle i upper), -1.0
                |] [|
                    for i in 0 .. lower - 1 -> 1.0 - Math.Cos(angle i lower), 0.5 - Math.Sin(angle i lower), 1.0
                |]

            // Fisher–Yates, so the classes are interleaved the way a data file would have them.
            for i in points.Length - 1 .. -1 .. 1 do
                let j = random.NextInt(i + 1)
                let swap = points[i]
                points[i] <- points[j]
                points[j] <- swap

            let features =
                points
                |> Array.map (fun (x, y, _) -> [| x + noise * random.Gaussian(); y + noise * random.Gaussian() |])

            Ok {
                Names = Some [ "x1"; "x2"; "label" ]
                Features = features
                Labels = points |> Array.map (fun (_, _, label) -> label)
            }
