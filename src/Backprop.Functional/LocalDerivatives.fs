namespace Backprop.Functional

open System

/// <summary>
/// The single table of calculus: for every primitive operation, its value and its local partial
/// derivatives side by side. The compiled tape's forward and reverse sweeps call these and
/// nothing else, so an operation's calculus lives in exactly one place.
/// </summary>
/// <remarks>
/// Partials are written through the forward value where that is cheaper and stabler
/// (<c>tanh' = 1 - t²</c>, <c>sigmoid' = s(1 - s)</c>, <c>exp' = exp</c>).
/// </remarks>
module internal LocalDerivatives =

    // Add: a + b;  ∂/∂a = 1, ∂/∂b = 1 (no function needed for the partials).
    let inline add (a: float) (b: float) = a + b

    // Mul: a·b;  ∂/∂a = b, ∂/∂b = a.
    let inline mul (a: float) (b: float) = a * b

    // Pow with a constant exponent c: a**c;  ∂/∂a = c·a**(c-1).
    let inline powConst (a: float) (c: float) = Math.Pow(a, c)
    let inline powConstDa (a: float) (c: float) = c * Math.Pow(a, c - 1.0)

    // Pow: a**b;  ∂/∂a = b·a**(b-1),  ∂/∂b = a**b·ln a (NaN for a <= 0, reported, not hidden).
    let inline pow (a: float) (b: float) = Math.Pow(a, b)
    let inline powDa (a: float) (b: float) = b * Math.Pow(a, b - 1.0)
    let inline powDb (value: float) (a: float) = value * Math.Log a

    // Exp: e**a;  ∂/∂a = e**a, the value itself.
    let inline exp (a: float) = Math.Exp a
    let inline expDa (value: float) = value

    // Log: ln a;  ∂/∂a = 1/a.
    let inline log (a: float) = Math.Log a
    let inline logDa (a: float) = 1.0 / a

    // Tanh: Math.Tanh is exact to ±1 for large |a| (micrograd's (e^2a - 1)/(e^2a + 1) overflows at 355);
    // ∂/∂a = 1 - t².
    let inline tanh (a: float) = Math.Tanh a
    let inline tanhDa (value: float) = 1.0 - value * value

    // Sigmoid: 1/(1 + e^-a), split on the sign of a so that e^x never overflows;
    // ∂/∂a = s(1 - s).
    let inline sigmoid (a: float) =
        if a >= 0.0 then
            1.0 / (1.0 + Math.Exp(-a))
        else
            let e = Math.Exp a
            e / (1.0 + e)

    let inline sigmoidDa (value: float) = value * (1.0 - value)

    // Relu: max(0, a);  ∂/∂a = 1 for a > 0, else 0 (relu'(0) = 0, as micrograd and PyTorch).
    // NaN stays NaN.
    let inline relu (a: float) =
        if a > 0.0 then a
        elif a <= 0.0 then 0.0
        else a

    let inline reluDa (a: float) = if a > 0.0 then 1.0 else 0.0

    // Max: the larger; the gradient goes to a only when a > b (a tie goes to b, as relu(a-b) + b).
    let inline max (a: float) (b: float) =
        if a > b then a
        elif Double.IsNaN a then a
        else b

    let inline maxPicksFirst (a: float) (b: float) = a > b

    // Min: the smaller; the gradient goes to a only when a < b (a tie goes to b, as b - relu(b-a)).
    let inline min (a: float) (b: float) =
        if a < b then a
        elif Double.IsNaN a then a
        else b

    let inline minPicksFirst (a: float) (b: float) = a < b
