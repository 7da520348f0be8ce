// o of neuron.bp and its derivatives with respect to x1, x2, w1, w2, b,
// written by dotnet backprop derive. The primitives are computed as the engine computes them.
module NeuronDerivatives

open System

/// o and its derivatives at the given leaves.
let derive (x1: float) (x2: float) (w1: float) (w2: float) (b: float) =
    let x1w1 = x1 * w1
    let x2w2 = x2 * w2
    let x1w1x2w2 = x1w1 + x2w2
    let n = x1w1x2w2 + b
    let o = Math.Tanh(n)
    let _t1 = 1.0 - o * o
    {|
        o = o
        do_dx1 = _t1 * w1
        do_dx2 = _t1 * w2
        do_dw1 = _t1 * x1
        do_dw2 = _t1 * x2
        do_db = _t1
    |}

/// o and its derivatives at the leaf values of neuron.bp.
let atFileValues () =
    derive 2.0 0.0 (-3.0) 1.0 6.881373587019543
