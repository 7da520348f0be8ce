// Newton's method on the Rosenbrock function: each step solves H·Δ = -∇f, with the gradient and
// the Hessian built once as expressions and evaluated at every point.
open Backprop.Functional

let x, y = Expr.var "x", Expr.var "y"
let f = (1.0 - x) ** 2.0 + 100.0 * (y - x ** 2.0) ** 2.0
let names = [ "x"; "y" ]
let gradient = Derivative.gradient names f
let hessian = Derivative.hessian names f
// One tape for f, its gradient and its Hessian: every step is one forward sweep.
let everything = f :: gradient @ List.ofSeq (Seq.cast<Expr> hessian)

printfn "d f / d x   = %O" gradient[0]
printfn "d2 f / d x2 = %O" hessian[0, 0]
printfn ""
printfn "%4s %22s %22s %24s" "step" "x" "y" "f"

let mutable point = (-1.2, 1.0)
let mutable step = 0
let mutable converged = false

while not converged && step < 50 do
    let px, py = point
    let values = Derivative.evaluate (Bindings.ofList [ "x", px; "y", py ]) everything
    let value, gx, gy = values[0], values[1], values[2]
    let hxx, hxy, hyx, hyy = values[3], values[4], values[5], values[6]
    printfn "%4d %22.17g %22.17g %24.17g" step px py value
    // Solve the 2×2 system H·Δ = -g by Cramer's rule.
    let det = hxx * hyy - hxy * hyx
    let dx = (-gx * hyy + gy * hxy) / det
    let dy = (-gy * hxx + gx * hyx) / det
    point <- (px + dx, py + dy)
    converged <- abs dx < 1e-15 && abs dy < 1e-15
    step <- step + 1

let px, py = point
printfn "minimum at (%g, %g) after %d Newton steps" px py step
