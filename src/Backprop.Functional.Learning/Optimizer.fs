namespace Backprop.Functional.Learning

open System

/// <summary>
/// An update rule: how a step of size <c>rate</c> moves parameters against their gradient.
/// </summary>
[<RequireQualifiedAccess>]
type Optimizer =
    /// Plain gradient descent: <c>p ← p − rate·g</c>.
    | Sgd
    /// <summary>
    /// Heavy-ball momentum (PyTorch's form): <c>v ← momentum·v + g; p ← p − rate·v</c>.
    /// </summary>
    | Momentum of momentum: float
    /// <summary>
    /// Adam (Kingma and Ba): running means of the gradient and of its square, bias-corrected;
    /// <c>p ← p − rate·m̂ / (√v̂ + epsilon)</c>.
    /// </summary>
    | Adam of beta1: float * beta2: float * epsilon: float

/// Update rules and their state.
[<RequireQualifiedAccess>]
module Optimizer =

    /// Momentum with the customary coefficient 0.9.
    let momentum = Optimizer.Momentum 0.9

    /// Adam with the customary coefficients β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
    let adam = Optimizer.Adam(0.9, 0.999, 1e-8)

    /// The problems with an optimiser's coefficients, as messages; empty when it is usable.
    let validate (optimizer: Optimizer) : string list =
        let inUnit name (x: float) = [
            if not (x >= 0.0 && x < 1.0) then
                $"The {name} coefficient must be in [0, 1); it was {x}."
        ]

        match optimizer with
        | Optimizer.Sgd -> []
        | Optimizer.Momentum m -> inUnit "momentum" m
        | Optimizer.Adam(b1, b2, eps) ->
            inUnit "beta1" b1
            @ inUnit "beta2" b2
            @ [
                if not (eps > 0.0 && Double.IsFinite eps) then
                    $"Adam's epsilon must be positive and finite; it was {eps}."
            ]

    /// The lower-case name used on the command line: sgd, momentum, adam.
    let name (optimizer: Optimizer) : string =
        match optimizer with
        | Optimizer.Sgd -> "sgd"
        | Optimizer.Momentum _ -> "momentum"
        | Optimizer.Adam _ -> "adam"

/// <summary>
/// The running state of an optimiser over a fixed number of parameters (velocities, moments).
/// <see cref="M:Backprop.Functional.Learning.OptimizerState.Update"/> allocates nothing.
/// </summary>
/// <remarks>Not thread-safe; one state per training run.</remarks>
[<Sealed>]
type OptimizerState(optimizer: Optimizer, count: int) =
    let first = Array.zeroCreate<float> count
    let second = Array.zeroCreate<float> count
    let mutable updates = 0

    /// The update rule.
    member _.Optimizer = optimizer

    /// How many updates have been applied.
    member _.Updates = updates

    /// <summary>
    /// Moves every parameter one step of size <paramref name="rate"/> against its gradient
    /// (descent). To ascend, pass the negated gradient.
    /// </summary>
    member _.Update(rate: float, parameters: Span<float>, gradients: ReadOnlySpan<float>) : unit =
        if parameters.Length <> count || gradients.Length <> count then
            invalidArg (nameof parameters) $"The optimiser was made for {count} parameters."

        updates <- updates + 1

        match optimizer with
        | Optimizer.Sgd ->
            for i in 0 .. count - 1 do
                parameters[i] <- parameters[i] - rate * gradients[i]
        | Optimizer.Momentum m ->
            for i in 0 .. count - 1 do
                first[i] <- m * first[i] + gradients[i]
                parameters[i] <- parameters[i] - rate * first[i]
        | Optimizer.Adam(b1, b2, eps) ->
            let correct1 = 1.0 - Math.Pow(b1, float updates)
            let correct2 = 1.0 - Math.Pow(b2, float updates)

            for i in 0 .. count - 1 do
                let g = gradients[i]
                first[i] <- b1 * first[i] + (1.0 - b1) * g
                second[i] <- b2 * second[i] + (1.0 - b2) * g * g
                let mHat = first[i] / correct1
                let vHat = second[i] / correct2
                parameters[i] <- parameters[i] - rate * mHat / (Math.Sqrt vHat + eps)
