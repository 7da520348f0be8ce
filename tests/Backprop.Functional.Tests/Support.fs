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
