namespace Backprop.Functional.Learning

/// <summary>The learning rate of each step, counted from 0.</summary>
[<RequireQualifiedAccess>]
type Schedule =
    /// The same rate at every step.
    | Constant of rate: float
    /// <summary>
    /// micrograd's moons schedule: step k of <c>steps</c> uses <c>rate·(1 − 0.9·k/steps)</c>,
    /// falling from <c>rate</c> to just above a tenth of it.
    /// </summary>
    | LinearDecay of rate: float * steps: int

/// Learning-rate schedules.
[<RequireQualifiedAccess>]
module Schedule =

    /// The rate at step k (0-based).
    let rate (schedule: Schedule) (step: int) : float =
        match schedule with
        | Schedule.Constant r -> r
        | Schedule.LinearDecay(r, steps) -> r * (1.0 - 0.9 * float step / float steps)

    /// The initial rate.
    let initial (schedule: Schedule) : float =
        match schedule with
        | Schedule.Constant r
        | Schedule.LinearDecay(r, _) -> r

    /// The problems with a schedule, as messages; empty when every rate is positive and finite.
    let validate (schedule: Schedule) : string list = [
        let r = initial schedule

        if not (r > 0.0 && System.Double.IsFinite r) then
            $"The learning rate must be a positive, finite number; it was {r}."

        match schedule with
        | Schedule.LinearDecay(_, steps) when steps < 1 ->
            $"A decaying schedule needs a positive number of steps; it was {steps}."
        | _ -> ()
    ]
