// loss of perceptron-vectors.bp and its derivatives with respect to w[0], w[1], x[0], x[1],
// written by dotnet backprop derive. The primitives are computed as the engine computes them.
module PerceptronVectorsDerivatives

open System

/// loss and its derivatives at the given leaves.
let derive (w: float[]) (x: float[]) =
    let out = w[0] * x[0] + w[1] * x[1]
    let _t1 = out - 0.12
    let loss = _t1 ** 2.0
    let _t2 = 2.0 * _t1
    {|
        loss = loss
        dloss_dw_0 = _t2 * x[0]
        dloss_dw_1 = _t2 * x[1]
        dloss_dx_0 = _t2 * w[0]
        dloss_dx_1 = _t2 * w[1]
    |}

/// loss and its derivatives at the leaf values of perceptron-vectors.bp.
let atFileValues () =
    derive ([| 2.0; -3.0 |]) ([| -1.0; -2.0 |])
