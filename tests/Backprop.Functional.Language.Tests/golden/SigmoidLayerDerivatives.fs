// L of sigmoid-layer.bp and its derivatives with respect to W[0,0], W[0,1], W[1,0], W[1,1], W[2,0], W[2,1], x[0], x[1], v[0], v[1], v[2],
// written by dotnet backprop derive. The primitives are computed as the engine computes them.
module SigmoidLayerDerivatives

open System

/// The engine's primitives that System.Math does not have, with the engine's conventions.
module Primitives =
    let sigmoid (a: float) =
        if a >= 0.0 then 1.0 / (1.0 + Math.Exp(-a)) else let e = Math.Exp a in e / (1.0 + e)

/// L and its derivatives at the given leaves.
let derive (W: float[,]) (x: float[]) (v: float[]) =
    let _t1 = Primitives.sigmoid(W[0, 0] * x[0] + W[0, 1] * x[1])
    let _t2 = Primitives.sigmoid(W[1, 0] * x[0] + W[1, 1] * x[1])
    let _t3 = Primitives.sigmoid(W[2, 0] * x[0] + W[2, 1] * x[1])
    let L = v[0] * _t1 + v[1] * _t2 + v[2] * _t3
    let _t4 = v[2] * (_t3 * (1.0 - _t3))
    let _t5 = v[1] * (_t2 * (1.0 - _t2))
    let _t6 = v[0] * (_t1 * (1.0 - _t1))
    {|
        L = L
        dL_dW_0_0 = _t6 * x[0]
        dL_dW_0_1 = _t6 * x[1]
        dL_dW_1_0 = _t5 * x[0]
        dL_dW_1_1 = _t5 * x[1]
        dL_dW_2_0 = _t4 * x[0]
        dL_dW_2_1 = _t4 * x[1]
        dL_dx_0 = _t4 * W[2, 0] + _t5 * W[1, 0] + _t6 * W[0, 0]
        dL_dx_1 = _t4 * W[2, 1] + _t5 * W[1, 1] + _t6 * W[0, 1]
        dL_dv_0 = _t1
        dL_dv_1 = _t2
        dL_dv_2 = _t3
    |}

/// L and its derivatives at the leaf values of sigmoid-layer.bp.
let atFileValues () =
    derive (array2D [ [ 2.0; -3.0 ]; [ 1.0; 2.0 ]; [ 0.5; -0.1 ] ]) ([| -1.0; -2.0 |]) ([| 1.0; -2.0; 0.5 |])
