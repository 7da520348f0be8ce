// g2 of micrograd-more-ops.bp and its derivatives with respect to a, b,
// written by dotnet backprop derive. The primitives are computed as the engine computes them.
module MicrogradMoreOpsDerivatives

open System

/// The engine's primitives that System.Math does not have, with the engine's conventions.
module Primitives =
    let relu (a: float) =
        if a > 0.0 then a elif a <= 0.0 then 0.0 else a
    let greater (a: float, b: float) = if a > b then 1.0 else 0.0

/// g2 and its derivatives at the given leaves.
let derive (a: float) (b: float) =
    let c = a + b
    let _t1 = b + a
    let _t2 = b - a
    let d = a * b + b ** 3.0
    let c2 = c + c + 1.0
    let d2 = d + d * 2.0 + Primitives.relu(_t1)
    let c3 = c2 + 1.0 + c2 - a
    let d3 = d2 + 3.0 * d2 + Primitives.relu(_t2)
    let e = c3 - d3
    let f = e ** 2.0
    let g = f / 2.0
    let _t3 = 10.0 / f
    let g2 = g + _t3
    let _t4 = (-(_t3 / f) + 0.5) * (2.0 * e)
    let _t5 = _t4 + _t4
    let _t6 = -_t4
    let _t7 = _t5 + _t5
    let _t8 = _t6 * Primitives.greater(_t2, 0.0)
    let _t9 = _t6 + _t6 * 3.0
    let _t10 = _t9 * Primitives.greater(_t1, 0.0)
    let _t11 = _t9 + _t9 * 2.0
    {|
        g2 = g2
        dg2_da = -_t4 - _t8 + _t11 * b + _t10 + _t7
        dg2_db = _t8 + _t11 * (3.0 * (b ** 2.0)) + _t11 * a + _t10 + _t7
    |}

/// g2 and its derivatives at the leaf values of micrograd-more-ops.bp.
let atFileValues () =
    derive (-4.0) 2.0
