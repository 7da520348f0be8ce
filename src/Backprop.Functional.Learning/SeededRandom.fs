namespace Backprop.Functional.Learning

open System

/// <summary>
/// A small deterministic random number generator (SplitMix64) whose sequence depends only on
/// its seed — not on the .NET version, the platform or the thread — so that a seed names one
/// initialisation and one data set everywhere, in F#, in C# and in the tool.
/// </summary>
/// <remarks>Not thread-safe: one instance per thread. Not for cryptography.</remarks>
[<Sealed>]
type SeededRandom(seed: int64) =
    let mutable state = uint64 seed

    /// The next 64 random bits.
    member _.NextBits() : uint64 =
        state <- state + 0x9E3779B97F4A7C15UL
        let mutable z = state
        z <- (z ^^^ (z >>> 30)) * 0xBF58476D1CE4E5B9UL
        z <- (z ^^^ (z >>> 27)) * 0x94D049BB133111EBUL
        z ^^^ (z >>> 31)

    /// A uniform number in [0, 1), with 53 random bits.
    member this.NextFloat() : float =
        float (this.NextBits() >>> 11) * (1.0 / 9007199254740992.0)

    /// A uniform number in [low, high).
    member this.Uniform(low: float, high: float) : float = low + (high - low) * this.NextFloat()

    /// A standard normal number (mean 0, deviation 1), by the Box–Muller transform.
    member this.Gaussian() : float =
        // 1 - u lies in (0, 1], so the logarithm is finite.
        let u = 1.0 - this.NextFloat()
        let v = this.NextFloat()
        Math.Sqrt(-2.0 * Math.Log u) * Math.Cos(2.0 * Math.PI * v)

    /// A uniform integer in [0, bound); <paramref name="bound"/> must be positive.
    member this.NextInt(bound: int) : int =
        if bound <= 0 then
            invalidArg (nameof bound) $"The bound must be positive; it was {bound}."

        int (this.NextBits() % uint64 bound)
