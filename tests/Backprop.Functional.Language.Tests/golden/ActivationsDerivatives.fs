// relu_x of activations.bp and its derivatives with respect to x,
// written by dotnet backprop derive. The primitives are computed as the engine computes them.
module ActivationsDerivatives

open System

/// The engine's primitives that System.Math does not have, with the engine's conventions.
module Primitives =
    let relu (a: float) =
        if a > 0.0 then a elif a <= 0.0 then 0.0 else a
    let greater (a: float, b: float) = if a > b then 1.0 else 0.0

/// relu_x and its derivatives at the given leaves.
let derive (x: float) =
    let relu_x = Primitives.relu(x)
    {|
        relu_x = relu_x
        drelu_x_dx = Primitives.greater(x, 0.0)
    |}

/// relu_x and its derivatives at the leaf values of activations.bp.
let atFileValues () =
    derive 0.5
