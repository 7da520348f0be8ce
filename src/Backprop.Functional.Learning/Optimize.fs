namespace Backprop.Functional.Learning

open System
open System.Collections.Generic
open Backprop.Functional

/// Whether an optimisation moves down or up the gradient.
[<RequireQualifiedAccess>]
type Direction =
    /// Gradient descent: make the value smaller.
    | Minimize
    /// Gradient ascent: make the value larger.
    | Maximize

/// How to optimise an expression over its variables.
type OptimizeOptions = {
    /// The update rule.
    Optimizer: Optimizer
    /// The learning rate of each step.
    Schedule: Schedule
    /// The most updates to make (at least 1).
    Steps: int
    /// <summary>
    /// Stop as soon as the value is at or below this (at or above when maximising), before any
    /// further update.
    /// </summary>
    Until: float option
    /// Descent or ascent.
    Direction: Direction
    /// The variables that move; empty means every variable of the expression.
    Parameters: string list
}

/// The state of an optimisation after an evaluation, as the progress callback sees it.
type OptimizeProgress = {
    /// How many updates have been made before this evaluation.
    Step: int
    /// The expression's value at this point.
    Value: float
}

/// The outcome of an optimisation.
type OptimizeResult = {
    /// How many updates were made.
    Steps: int
    /// The expression's value at the final variable values.
    Value: float
    /// Whether the run stopped because the <c>Until</c> target was reached.
    ReachedTarget: bool
    /// Every variable of the expression with its final value, in the tape's slot order.
    Variables: (string * float) list
}

/// Gradient descent and ascent over chosen variables of an expression, on its compiled tape.
[<RequireQualifiedAccess>]
module Optimize =

    /// The learning rate the libraries start from when none is given (the tool asks for one).
    let defaultRate = 0.01

    /// Plain gradient descent at a constant rate for at most 100 steps, over every variable.
    let defaults (rate: float) : OptimizeOptions = {
        Optimizer = Optimizer.Sgd
        Schedule = Schedule.Constant rate
        Steps = 100
        Until = None
        Direction = Direction.Minimize
        Parameters = []
    }

    let private validate (options: OptimizeOptions) (tape: Tape) : string list = [
        if options.Steps < 1 then
            $"The number of steps must be positive; it was {options.Steps}."
        yield! Schedule.validate options.Schedule
        yield! Optimizer.validate options.Optimizer
        match options.Until with
        | Some target when Double.IsNaN target -> "The target value must be a number; it was NaN."
        | _ -> ()
        for name in options.Parameters do
            if tape.SlotOf name < 0 then
                $"'{name}' is not a variable of the expression."
    ]

    let private reached (options: OptimizeOptions) (value: float) =
        match options.Until, options.Direction with
        | Some target, Direction.Minimize -> value <= target
        | Some target, Direction.Maximize -> value >= target
        | None, _ -> false

    /// <summary>
    /// Optimises <paramref name="root"/> starting from <paramref name="bindings"/> (which must bind
    /// every variable). Each round evaluates the value and gradient on the tape compiled once,
    /// reports them to <paramref name="progress"/>, stops if the target is reached or the steps are
    /// used up, and otherwise updates the chosen variables. Returns an error message for invalid
    /// options, an unknown or unbound variable, or a value that becomes NaN (naming the step).
    /// O(steps × nodes); the sweeps allocate nothing.
    /// </summary>
    let run
        (options: OptimizeOptions)
        (progress: OptimizeProgress -> unit)
        (bindings: IReadOnlyDictionary<string, float>)
        (root: Expr)
        : Result<OptimizeResult, string> =
        let tape = Tape.compile root

        match validate options tape with
        | problem :: _ -> Error problem
        | [] ->
            match
                (try
                    Ok(tape.Inputs bindings)
                 with :? UnboundVariableException as e ->
                     Error e.Message)
            with
            | Error message -> Error message
            | Ok inputs ->
                let slots =
                    match options.Parameters with
                    | [] -> Array.init tape.Variables.Count id
                    | names -> names |> List.distinct |> List.map tape.SlotOf |> Array.ofList

                let values = Array.zeroCreate<float> tape.Length
                let adjoints = Array.zeroCreate<float> tape.Length
                let gradients = Array.zeroCreate<float> tape.Variables.Count
                let chosen = Array.zeroCreate<float> slots.Length
                let chosenGradients = Array.zeroCreate<float> slots.Length
                let state = OptimizerState(options.Optimizer, slots.Length)

                let sign =
                    match options.Direction with
                    | Direction.Minimize -> 1.0
                    | Direction.Maximize -> -1.0

                let mutable step = 0
                let mutable outcome = None

                // A loop, not recursion: any number of steps runs in constant stack.
                while outcome.IsNone do
                    let value =
                        tape.Gradient(ReadOnlySpan inputs, Span values, Span adjoints, Span gradients)

                    progress { Step = step; Value = value }

                    let finish target =
                        Some(
                            Ok {
                                Steps = step
                                Value = value
                                ReachedTarget = target
                                Variables = [ for i in 0 .. tape.Variables.Count - 1 -> tape.Variables[i], inputs[i] ]
                            }
                        )

                    if Double.IsNaN value then
                        let steps = if step = 1 then "1 step" else $"{step} steps"
                        outcome <- Some(Error $"The value became NaN after {steps}.")
                    elif reached options value then
                        outcome <- finish true
                    elif step >= options.Steps then
                        outcome <- finish false
                    else
                        for i in 0 .. slots.Length - 1 do
                            chosen[i] <- inputs[slots[i]]
                            chosenGradients[i] <- sign * gradients[slots[i]]

                        state.Update(Schedule.rate options.Schedule step, Span chosen, ReadOnlySpan chosenGradients)

                        for i in 0 .. slots.Length - 1 do
                            inputs[slots[i]] <- chosen[i]

                        step <- step + 1

                outcome.Value
