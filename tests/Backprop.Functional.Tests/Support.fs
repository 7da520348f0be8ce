module Backprop.Functional.Tests.Support

open Expecto
open Backprop.Functional

/// The accuracy the notebooks' worked examples are asserted to: 1e-12 absolute and relative.
let exact = { absolute = 1e-12; relative = 1e-12 }

/// micrograd's own engine test compares with PyTorch to 1e-6.
let micrograd = { absolute = 1e-6; relative = 1e-6 }

let expectClose accuracy (actual: float) (expected: float) message =
    Expect.floatClose accuracy actual expected message

let bind (pairs: (string * float) list) = Bindings.ofList pairs

/// Bitwise equality of doubles, with every NaN equal to every other.
let sameBits (a: float) (b: float) =
    (System.Double.IsNaN a && System.Double.IsNaN b)
    || System.BitConverter.DoubleToInt64Bits a = System.BitConverter.DoubleToInt64Bits b

/// How many doubles apart two finite doubles of the same sign are (0 for the same bits, and for
/// two NaNs); Int64.MaxValue when their signs differ, unless both are zeros.
let ulpsApart (a: float) (b: float) : int64 =
    if sameBits a b || (a = 0.0 && b = 0.0) then
        0L
    elif System.Double.IsNaN a || System.Double.IsNaN b || (a < 0.0) <> (b < 0.0) then
        System.Int64.MaxValue
    else
        abs (
            System.BitConverter.DoubleToInt64Bits a
            - System.BitConverter.DoubleToInt64Bits b
        )

/// Equal bits, or within a relative 1e-9 of the larger magnitude (at least 1): how a batch's
/// results, whose tanh is within 2 ulp of the scalar tape's, compare after the graph has
/// carried that difference on.
let closeToBatch (a: float) (b: float) =
    sameBits a b || abs (a - b) <= 1e-9 * max 1.0 (max (abs a) (abs b))

/// How a batch's result must agree with the scalar tape's for this tape: bit for bit, or, where
/// the graph has a tanh (vectorised in batches, within 2 ulp), to <c>closeToBatch</c>.
let batchAgreement (tape: Backprop.Functional.Tape) : float -> float -> bool =
    let hasTanh =
        tape.Graph.Nodes
        |> Seq.exists (fun e -> obj.ReferenceEquals(e.Operation, Backprop.Functional.Operation.tanh))

    if hasTanh then closeToBatch else sameBits
