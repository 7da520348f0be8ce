namespace Backprop.Functional.Language

open System

/// "Did you mean …?": the known name nearest to a mistyped one, as git and cargo suggest.
[<RequireQualifiedAccess>]
module Suggestions =

    /// <summary>
    /// The edit distance between two names, case aside (insertions, deletions, substitutions and
    /// swaps of two neighbours each cost 1). O(length²); names are short.
    /// </summary>
    let distance (a: string) (b: string) =
        let a = a.ToLowerInvariant()
        let b = b.ToLowerInvariant()
        let d = Array2D.zeroCreate (a.Length + 1) (b.Length + 1)

        for i in 0 .. a.Length do
            d[i, 0] <- i

        for j in 0 .. b.Length do
            d[0, j] <- j

        for i in 1 .. a.Length do
            for j in 1 .. b.Length do
                let cost = if a[i - 1] = b[j - 1] then 0 else 1
                let best = min (min (d[i - 1, j] + 1) (d[i, j - 1] + 1)) (d[i - 1, j - 1] + cost)

                d[i, j] <-
                    if i > 1 && j > 1 && a[i - 1] = b[j - 2] && a[i - 2] = b[j - 1] then
                        min best (d[i - 2, j - 2] + 1)
                    else
                        best

        d[a.Length, b.Length]

    /// <summary>
    /// The candidate nearest to <paramref name="name"/>, if one is near enough to be what was
    /// meant: the same name in other letter case, else one within 1 edit (names of up to 4
    /// letters), 2 (up to 8) or 3, and fewer edits than the name has letters; the first of
    /// equally near ones.
    /// </summary>
    let nearest (candidates: string seq) (name: string) : string option =
        // Fewer edits than letters: any one-letter name is one edit from any other, which says nothing.
        let allowed =
            min
                (name.Length - 1)
                (if name.Length <= 4 then 1
                 elif name.Length <= 8 then 2
                 else 3)

        let scored =
            candidates
            |> Seq.filter (fun c -> c <> name)
            |> Seq.map (fun c -> c, distance c name)
            |> Seq.filter (fun (_, d) -> d <= allowed)
            |> Array.ofSeq

        if scored.Length = 0 then
            None
        else
            let best = scored |> Array.minBy snd |> snd
            scored |> Array.tryFind (fun (_, d) -> d = best) |> Option.map fst

    /// <summary><c>; did you mean 'b'?</c>, or nothing when no candidate is near.</summary>
    let didYouMean (candidates: string seq) (name: string) =
        match nearest candidates name with
        | Some near -> $"; did you mean '{near}'?"
        | None -> ""
