// An operation with its own derivative: a softplus that never overflows, log(1 + e^x), whose
// derivative is sigmoid(x). Every sweep runs it, the numeric check agrees with it, and the
// symbolic derivative differentiates it again.
open System
open Backprop.Functional

let softplus =
    CustomOperation.unary "softplus" (fun x -> Math.Max(x, 0.0) + Math.Log(1.0 + Math.Exp(-Math.Abs x))) (fun x _ ->
        sigmoid x)

let w = Expr.var "w"
let loss = CustomOperation.apply softplus (3.0 * w)

for point in [ -2.0; 0.5; 400.0 ] do
    let at = Bindings.ofList [ "w", point ]
    let g = Gradient.compute at loss
    let naive = Evaluate.value at (log (1.0 + exp (3.0 * w)))
    printfn "w = %6g: softplus(3w) = %-20.17g d/dw = %-20.17g (log(1 + e^3w) gives %g)" point g.Value g["w"] naive

let report =
    NumericCheck.run NumericCheck.defaults (Bindings.ofList [ "w", 0.5 ]) loss

printfn "numeric check at w = 0.5: %s" (if report.Ok then "passed" else "FAILED")

let second = Derivative.gradient [ "w" ] (Derivative.gradient [ "w" ] loss).Head
let secondAt = Derivative.evaluate (Bindings.ofList [ "w", 0.5 ]) second
printfn "d2/dw2 = %O" second.Head
printfn "       = %.17g at w = 0.5" secondAt[0]
