namespace Backprop.Functional

open System
open System.Collections.Generic

/// One variable's analytic gradient beside its central-difference estimate.
type VariableCheck = {
    /// The variable.
    Name: string
    /// Its value at the point of the check.
    Value: float
    /// d(root)/d(variable) from the reverse sweep.
    Analytic: float
    /// (f(x + h) - f(x - h)) / 2h.
    Numeric: float
    /// |analytic - numeric|.
    Error: float
    /// Whether the error is within the tolerance: |a - n| ≤ tolerance · max(1, |a|, |n|).
    Ok: bool
}

/// A gradient check of every variable of an expression.
type CheckReport = {
    /// The root's value at the point of the check.
    Value: float
    /// The step h of the central differences.
    Step: float
    /// The relative-or-absolute tolerance used.
    Tolerance: float
    /// One entry per variable, in the tape's slot order.
    Variables: VariableCheck list
    /// Whether every variable passed.
    Ok: bool
}

/// One random direction's directional derivative, from the gradient and from central differences.
type DirectionCheck = {
    /// The direction's number, from 1.
    Index: int
    /// ∇f·v, from the reverse sweep.
    Analytic: float
    /// (f(x + h·v) - f(x - h·v)) / 2h.
    Numeric: float
    /// |analytic - numeric|.
    Error: float
    /// Whether the error is within the tolerance.
    Ok: bool
}

/// A gradient check along random directions, for expressions with too many variables to check one by one.
type DirectionalReport = {
    /// The root's value at the point of the check.
    Value: float
    /// The step h of the central differences.
    Step: float
    /// The relative-or-absolute tolerance used.
    Tolerance: float
    /// The seed of the directions (each entry ±1, drawn from it).
    Seed: int
    /// One entry per direction.
    Directions: DirectionCheck list
    /// Whether every direction passed.
    Ok: bool
}

/// Settings of a numeric gradient check.
type CheckOptions = {
    /// The step h of the central differences.
    Step: float
    /// The relative-or-absolute tolerance: |a - n| ≤ tolerance · max(1, |a|, |n|).
    Tolerance: float
}

/// Compares reverse-mode gradients with central differences.
[<RequireQualifiedAccess>]
module NumericCheck =

    /// <summary>
    /// Step 1e-6 and tolerance 1e-6. With central differences the truncation error is O(h²)
    /// and the rounding error O(ε/h); at h = 1e-6 both stay far below the tolerance for values of
    /// moderate size.
    /// </summary>
    let defaults = { Step = 1e-6; Tolerance = 1e-6 }

    /// Whether an analytic and a numeric value agree within a relative-or-absolute tolerance.
    let withinTolerance (tolerance: float) (analytic: float) (numeric: float) =
        abs (analytic - numeric)
        <= tolerance * Math.Max(1.0, Math.Max(abs analytic, abs numeric))

    /// <summary>
    /// Checks every variable of a compiled tape's output: one reverse sweep for the analytic
    /// gradient, then two forward sweeps of the tape per variable, on every core (each worker
    /// with its own copy of the inputs and its own values; the numbers do not depend on how the
    /// variables are shared out).
    /// </summary>
    [<CompiledName("OfTape")>]
    let ofTape (options: CheckOptions) (bindings: IReadOnlyDictionary<string, float>) (tape: Tape) : CheckReport =
        let inputs = tape.Inputs bindings
        let analytic = Gradient.ofTape tape inputs
        let h = options.Step
        let count = tape.Variables.Count
        let entries = Array.zeroCreate<VariableCheck> count
        let workers = Math.Clamp(Environment.ProcessorCount, 1, Math.Max(1, count))
        let chunk = (count + workers - 1) / Math.Max(1, workers)

        let checkRange (worker: int) =
            let shifted = Array.copy inputs
            let values = Array.zeroCreate<float> tape.Length

            for slot in worker * chunk .. Math.Min(count, (worker + 1) * chunk) - 1 do
                let x = inputs[slot]
                shifted[slot] <- x + h
                let above = tape.Forward(ReadOnlySpan shifted, Span values)
                shifted[slot] <- x - h
                let below = tape.Forward(ReadOnlySpan shifted, Span values)
                shifted[slot] <- x
                let numeric = (above - below) / (2.0 * h)
                let a = analytic[tape.Variables[slot]]

                entries[slot] <- {
                    Name = tape.Variables[slot]
                    Value = x
                    Analytic = a
                    Numeric = numeric
                    Error = abs (a - numeric)
                    Ok = withinTolerance options.Tolerance a numeric
                }

        if workers <= 1 || count < 64 then
            for worker in 0 .. workers - 1 do
                checkRange worker
        else
            Threading.Tasks.Parallel.For(0, workers, checkRange) |> ignore

        let entries = List.ofArray entries

        {
            Value = analytic.Value
            Step = h
            Tolerance = options.Tolerance
            Variables = entries
            Ok = entries |> List.forall _.Ok
        }

    /// <summary>
    /// Checks the gradient of a compiled tape's output along <paramref name="count"/> random
    /// directions v (each entry ±1, drawn from <paramref name="seed"/>): ∇f·v from one reverse
    /// sweep against (f(x + h·v) - f(x - h·v)) / 2h, two forward sweeps per direction, whatever the
    /// number of variables (as JAX's <c>check_grads</c>). A wrong partial of any variable shows in
    /// every direction, unless partials cancel out, which independent directions make unlikely.
    /// The tolerance is relative to max(1, |∇f·v|, |numeric|, ‖∇f‖₂): ‖∇f‖₂ is the typical size
    /// of ∇f·v for such v, and the rounding error of f(x ± h·v), which moves every variable,
    /// grows with it; so a direction whose terms happen to cancel is not held to a tighter bound.
    /// </summary>
    [<CompiledName("AlongDirections")>]
    let alongDirections
        (options: CheckOptions)
        (bindings: IReadOnlyDictionary<string, float>)
        (count: int)
        (seed: int)
        (tape: Tape)
        : DirectionalReport =
        let inputs = tape.Inputs bindings
        let analytic = Gradient.ofTape tape inputs

        let gradient =
            Array.init tape.Variables.Count (fun slot -> analytic[tape.Variables[slot]])

        let norm = Math.Sqrt(gradient |> Array.sumBy (fun g -> g * g))

        let h = options.Step
        let random = Random seed
        let shifted = Array.copy inputs
        let values = Array.zeroCreate<float> tape.Length

        let directions = [
            for k in 1..count ->
                let v = Array.init inputs.Length (fun _ -> if random.Next 2 = 0 then -1.0 else 1.0)
                let mutable a = 0.0

                for slot in 0 .. v.Length - 1 do
                    a <- a + gradient[slot] * v[slot]
                    shifted[slot] <- inputs[slot] + h * v[slot]

                let above = tape.Forward(ReadOnlySpan shifted, Span values)

                for slot in 0 .. v.Length - 1 do
                    shifted[slot] <- inputs[slot] - h * v[slot]

                let below = tape.Forward(ReadOnlySpan shifted, Span values)
                let numeric = (above - below) / (2.0 * h)

                {
                    Index = k
                    Analytic = a
                    Numeric = numeric
                    Error = abs (a - numeric)
                    Ok =
                        abs (a - numeric)
                        <= options.Tolerance * Math.Max(Math.Max(1.0, norm), Math.Max(abs a, abs numeric))
                }
        ]

        {
            Value = analytic.Value
            Step = h
            Tolerance = options.Tolerance
            Seed = seed
            Directions = directions
            Ok = directions |> List.forall _.Ok
        }

    /// <summary>
    /// Checks every variable of <paramref name="root"/>: one reverse sweep for the analytic gradient,
    /// then two forward sweeps of the same compiled tape per variable.
    /// </summary>
    [<CompiledName("Run")>]
    let run (options: CheckOptions) (bindings: IReadOnlyDictionary<string, float>) (root: Expr) : CheckReport =
        ofTape options bindings (Tape.compile root)
