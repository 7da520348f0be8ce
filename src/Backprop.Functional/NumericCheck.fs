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
    /// gradient, then two forward sweeps of the tape per variable.
    /// </summary>
    [<CompiledName("OfTape")>]
    let ofTape (options: CheckOptions) (bindings: IReadOnlyDictionary<string, float>) (tape: Tape) : CheckReport =
        let inputs = tape.Inputs bindings
        let analytic = Gradient.ofTape tape inputs
        let values = Array.zeroCreate<float> tape.Length
        let h = options.Step

        let check slot =
            let x = inputs[slot]
            let shifted = Array.copy inputs
            shifted[slot] <- x + h
            let above = tape.Forward(ReadOnlySpan shifted, Span values)
            shifted[slot] <- x - h
            let below = tape.Forward(ReadOnlySpan shifted, Span values)
            let numeric = (above - below) / (2.0 * h)
            let a = analytic[tape.Variables[slot]]

            {
                Name = tape.Variables[slot]
                Value = x
                Analytic = a
                Numeric = numeric
                Error = abs (a - numeric)
                Ok = withinTolerance options.Tolerance a numeric
            }

        let entries = List.init tape.Variables.Count check

        {
            Value = analytic.Value
            Step = h
            Tolerance = options.Tolerance
            Variables = entries
            Ok = entries |> List.forall _.Ok
        }

    /// <summary>
    /// Checks every variable of <paramref name="root"/>: one reverse sweep for the analytic gradient,
    /// then two forward sweeps of the same compiled tape per variable.
    /// </summary>
    [<CompiledName("Run")>]
    let run (options: CheckOptions) (bindings: IReadOnlyDictionary<string, float>) (root: Expr) : CheckReport =
        ofTape options bindings (Tape.compile root)
