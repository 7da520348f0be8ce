namespace Backprop.Functional

open System
open System.Numerics
open System.Numerics.Tensors
open System.Runtime.CompilerServices
open System.Runtime.InteropServices
open System.Runtime.Intrinsics

/// <summary>
/// Span arithmetic for the batch sweeps that <c>TensorPrimitives</c> does not give as needed:
/// transcendental functions vectorised, within a stated bound of the scalar functions the tape
/// uses (not bit-identical to them); sums and dot products in a fixed order.
/// </summary>
/// <remarks>
/// <c>Math.Tanh</c> costs about as much as a whole layer of sums and products, sample by sample,
/// and <c>TensorPrimitives.Tanh</c> is fast but loses accuracy near 0 (thousands of ulps below
/// 1e-3, where it subtracts two nearby exponentials). Here tanh is a polynomial where |x| is small
/// and a quotient of one vectorised exponential elsewhere, both without cancellation.
/// </remarks>
module internal VectorMath =

    /// Below this |x| tanh is the polynomial; at and above it the exponential form.
    [<Literal>]
    let TanhPolynomialLimit = 0.75

    // R(y) on [0, 0.75²], with tanh x = x + x³·R(x²), highest power first: a Chebyshev fit
    // (mpmath's chebyfit at 50 digits, 14 terms) of (tanh √y / √y − 1) / y, absolute error 5.7e-19,
    // far below an ulp of the result, so what remains is the rounding of the evaluation. Literals,
    // so that the scalar and the vector form below share them and the vector's are constants.
    [<Literal>]
    let private R0 = 5.985399672039162803e-7

    [<Literal>]
    let private R1 = -3.8335892945015437772e-6

    [<Literal>]
    let private R2 = 0.000013601729022897116312

    [<Literal>]
    let private R3 = -0.000037848643166759976639

    [<Literal>]
    let private R4 = 0.000096289533164274865404

    [<Literal>]
    let private R5 = -0.00023893326736872919035

    [<Literal>]
    let private R6 = 0.00058998376820811334092

    [<Literal>]
    let private R7 = -0.0014558275482916570137

    [<Literal>]
    let private R8 = 0.0035921273057713371473

    [<Literal>]
    let private R9 = -0.0088632354791053638239

    [<Literal>]
    let private R10 = 0.021869488534033451375

    [<Literal>]
    let private R11 = -0.053968253968207598513

    [<Literal>]
    let private R12 = 0.13333333333333293323

    [<Literal>]
    let private R13 = -0.33333333333333333276

    /// R(y) by Horner's rule, one lane.
    let inline private tanhPolynomial (y: float) =
        let r = R0
        let r = r * y + R1
        let r = r * y + R2
        let r = r * y + R3
        let r = r * y + R4
        let r = r * y + R5
        let r = r * y + R6
        let r = r * y + R7
        let r = r * y + R8
        let r = r * y + R9
        let r = r * y + R10
        let r = r * y + R11
        let r = r * y + R12
        r * y + R13

    /// R(y) by Horner's rule in every lane: the same operations as <c>tanhPolynomial</c>.
    let inline private tanhPolynomials (y: Vector<float>) =
        let r = Vector.Create<float> R0
        let r = r * y + Vector.Create<float> R1
        let r = r * y + Vector.Create<float> R2
        let r = r * y + Vector.Create<float> R3
        let r = r * y + Vector.Create<float> R4
        let r = r * y + Vector.Create<float> R5
        let r = r * y + Vector.Create<float> R6
        let r = r * y + Vector.Create<float> R7
        let r = r * y + Vector.Create<float> R8
        let r = r * y + Vector.Create<float> R9
        let r = r * y + Vector.Create<float> R10
        let r = r * y + Vector.Create<float> R11
        let r = r * y + Vector.Create<float> R12
        r * y + Vector.Create<float> R13

    /// tanh of a ≥ 0 (or NaN) given e = exp(2a), one lane: the same operations as the vector lanes.
    let private tanhOfMagnitude (a: float) (e: float) =
        if a < TanhPolynomialLimit then
            let y = a * a
            a + a * y * tanhPolynomial y
        else
            1.0 - 2.0 / (e + 1.0)

    /// <summary>
    /// <c>y[s] = tanh x[s]</c> within 2 ulp of <c>Math.Tanh</c> (property-tested); odd, so
    /// <c>tanh(-0) = -0</c>; ±1 at ±∞, NaN at NaN. The spans must not overlap (x
    /// is read again after y is first written).
    /// </summary>
    let tanh (x: ReadOnlySpan<float>) (y: Span<float>) =
        // y ← exp(min(2|x|, 40)): one vectorised pass (within 2 ulp of Math.Exp). The cap keeps
        // large arguments off the exponential's slow path (batches of a saturating graph ran at
        // half speed without it, BatchedBenchmarks tanh20); tanh rounds to 1 from |x| = 19.1 on,
        // and 1 − 2/(e⁴⁰ + 1) is 1 exactly.
        TensorPrimitives.Abs(x, y)
        TensorPrimitives.Multiply(Span.op_Implicit y, 2.0, y)
        TensorPrimitives.Min(Span.op_Implicit y, 40.0, y)
        TensorPrimitives.Exp(Span.op_Implicit y, y)
        let limit = Vector.Create<float> TanhPolynomialLimit
        let one = Vector<float>.One
        let two = Vector.Create<float> 2.0
        let sign = Vector.Create<int64> Int64.MinValue
        // The spans as whole vectors (unaligned loads and stores), then the tail one at a time.
        let xs = MemoryMarshal.Cast<float, Vector<float>> x
        let ys = MemoryMarshal.Cast<float, Vector<float>> y

        for k in 0 .. ys.Length - 1 do
            let v = xs[k]
            let e = ys[k]
            let a = Vector.Abs v
            let squares = a * a
            let near = a + a * squares * tanhPolynomials squares
            let far = one - two / (e + one)
            let magnitude = Vector.ConditionalSelect(Vector.LessThan(a, limit), near, far)
            // Both forms are ≥ 0 for a ≥ 0, so the sign is x's sign bit put back.
            let signed =
                Vector.BitwiseOr(Vector.AsVectorInt64 magnitude, Vector.BitwiseAnd(Vector.AsVectorInt64 v, sign))

            ys[k] <- Vector.AsVectorDouble signed

        let mutable s = ys.Length * Vector<float>.Count

        while s < y.Length do
            let magnitude = tanhOfMagnitude (Math.Abs x[s]) y[s]
            y[s] <- Math.CopySign(magnitude, x[s])
            s <- s + 1

    /// <summary>
    /// The sum of a span in a fixed order: sixteen interleaved partial sums (four vectors of four
    /// lanes, so that four additions are in flight), combined pairwise, then the tail in order —
    /// fast, and the same bits for any vector width the processor has (unlike
    /// <c>TensorPrimitives.Sum</c>, whose order follows the width).
    /// </summary>
    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    let sum (span: ReadOnlySpan<float>) =
        let mutable a = Vector256<float>.Zero
        let mutable b = Vector256<float>.Zero
        let mutable c = Vector256<float>.Zero
        let mutable d = Vector256<float>.Zero
        let mutable s = 0

        while s + 16 <= span.Length do
            a <- a + Vector256.Create<float>(span.Slice(s, 4))
            b <- b + Vector256.Create<float>(span.Slice(s + 4, 4))
            c <- c + Vector256.Create<float>(span.Slice(s + 8, 4))
            d <- d + Vector256.Create<float>(span.Slice(s + 12, 4))
            s <- s + 16

        let lanes = (a + b) + (c + d)
        let mutable total = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3])

        while s < span.Length do
            total <- total + span[s]
            s <- s + 1

        total

    /// <summary>
    /// <c>Σ x[s]·y[s]</c> in the order of <see cref="sum"/>, each product rounded before it is
    /// added (no fused multiply-add), so the same bits as <c>sum</c> of the products.
    /// </summary>
    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    let dot (x: ReadOnlySpan<float>) (y: ReadOnlySpan<float>) =
        let mutable a = Vector256<float>.Zero
        let mutable b = Vector256<float>.Zero
        let mutable c = Vector256<float>.Zero
        let mutable d = Vector256<float>.Zero
        let mutable s = 0

        while s + 16 <= x.Length do
            a <-
                a
                + Vector256.Create<float>(x.Slice(s, 4)) * Vector256.Create<float>(y.Slice(s, 4))

            b <-
                b
                + Vector256.Create<float>(x.Slice(s + 4, 4))
                  * Vector256.Create<float>(y.Slice(s + 4, 4))

            c <-
                c
                + Vector256.Create<float>(x.Slice(s + 8, 4))
                  * Vector256.Create<float>(y.Slice(s + 8, 4))

            d <-
                d
                + Vector256.Create<float>(x.Slice(s + 12, 4))
                  * Vector256.Create<float>(y.Slice(s + 12, 4))

            s <- s + 16

        let lanes = (a + b) + (c + d)
        let mutable total = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3])

        while s < x.Length do
            total <- total + x[s] * y[s]
            s <- s + 1

        total

    // Span-and-number forms of the exact operations, for the kernels' shared operands. Written
    // here, compiled fully optimised at once, rather than through TensorPrimitives' generic
    // forms: a run that sweeps a few hundred times (training the moons network) spent its time in
    // their first, unoptimised compilation. Whole vectors through reinterpreted spans, then the
    // tail one at a time; each element rounded as the scalar operation rounds it.

    /// <c>y[s] = x[s] · c</c>.
    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    let multiplyByNumber (x: ReadOnlySpan<float>) (c: float) (y: Span<float>) =
        let xs = MemoryMarshal.Cast<float, Vector<float>> x
        let ys = MemoryMarshal.Cast<float, Vector<float>> y
        let cs = Vector.Create<float> c

        for k in 0 .. ys.Length - 1 do
            ys[k] <- xs[k] * cs

        for s in ys.Length * Vector<float>.Count .. y.Length - 1 do
            y[s] <- x[s] * c

    /// <c>y[s] = x[s] + c</c>.
    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    let addNumber (x: ReadOnlySpan<float>) (c: float) (y: Span<float>) =
        let xs = MemoryMarshal.Cast<float, Vector<float>> x
        let ys = MemoryMarshal.Cast<float, Vector<float>> y
        let cs = Vector.Create<float> c

        for k in 0 .. ys.Length - 1 do
            ys[k] <- xs[k] + cs

        for s in ys.Length * Vector<float>.Count .. y.Length - 1 do
            y[s] <- x[s] + c

    /// <c>into[s] = into[s] + g[s] · c</c>: multiplied, then added (not fused).
    [<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
    let addMultiple (g: ReadOnlySpan<float>) (c: float) (into: Span<float>) =
        let gs = MemoryMarshal.Cast<float, Vector<float>> g
        let sums = MemoryMarshal.Cast<float, Vector<float>> into
        let cs = Vector.Create<float> c

        for k in 0 .. sums.Length - 1 do
            sums[k] <- sums[k] + gs[k] * cs

        for s in sums.Length * Vector<float>.Count .. into.Length - 1 do
            into[s] <- into[s] + g[s] * c
