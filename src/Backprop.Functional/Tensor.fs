namespace Backprop.Functional

open System
open System.Collections.Generic

/// <summary>
/// An immutable vector or matrix of scalar expressions, in row-major order. Every operation on
/// tensors builds ordinary <see cref="T:Backprop.Functional.Expr"/> nodes, so values and
/// gradients come from the same sweeps as for scalars: a tensor is only a shaped view of them.
/// </summary>
/// <remarks>
/// Identity is reference identity, as for expressions. Element-wise operators apply the scalar
/// operator to each element: <c>(a + b)[i]</c> is exactly the expression <c>a[i] + b[i]</c>, so
/// the vector form of a computation has the same nodes as the same computation written with
/// scalars and gives bit-identical gradients. Operands of an element-wise operator must have
/// equal shapes (there is no broadcasting, except of a scalar <c>Expr</c> or <c>float</c>);
/// otherwise a <see cref="T:Backprop.Functional.ShapeException"/> states both shapes.
/// </remarks>
[<Sealed; StructuredFormatDisplay("{Display}")>]
type Tensor internal (shape: Shape, elements: Expr[], name: string option) =

    let readOnly = Array.AsReadOnly elements

    /// The index of element (i, j) of a matrix, with the range checked.
    let matrixIndex (i: int) (j: int) =
        match shape with
        | Matrix(rows, columns) ->
            if i < 0 || i >= rows || j < 0 || j >= columns then
                let subject = defaultArg name "the matrix"

                raise (
                    ShapeException
                        $"index out of range: [{i}, {j}] of {subject}, which is {shape} (rows 0 to {rows - 1}, columns 0 to {columns - 1})"
                )

            i * columns + j
        | Vector _ ->
            let subject = defaultArg name "the vector"
            raise (ShapeException $"{subject} has {shape}: index it with one index, [i], not two")

    /// A vector's length or a matrix's rows and columns.
    member _.Shape = shape

    /// <summary>
    /// The name given by <c>Tensor.variables</c> or <c>Tensor.named</c>, used in error messages;
    /// the results of operations have none.
    /// </summary>
    member _.Name = name

    /// The number of elements.
    member _.Count = elements.Length

    /// The elements in row-major order (row 0 first).
    member _.Elements: IReadOnlyList<Expr> = readOnly

    /// The element storage itself, for the functions of this library (never handed out).
    member internal _.Items = elements

    /// <summary>Element <c>i</c> of a vector. Raises <see cref="T:Backprop.Functional.ShapeException"/> out of range or on a matrix.</summary>
    member _.Item
        with get (i: int): Expr =
            match shape with
            | Vector n ->
                if i < 0 || i >= n then
                    let subject = defaultArg name "the vector"

                    let valid =
                        if n = 0 then
                            "it has no elements"
                        else
                            $"valid indices are 0 to {n - 1}"

                    raise (ShapeException $"index out of range: [{i}] of {subject}, which has {shape} ({valid})")

                elements[i]
            | Matrix _ ->
                let subject = defaultArg name "the matrix"

                raise (
                    ShapeException
                        $"{subject} is {shape}: index it with two indices, [i, j], or take a row with Tensor.row"
                )

    /// <summary>Element <c>(i, j)</c> of a matrix. Raises <see cref="T:Backprop.Functional.ShapeException"/> out of range or on a vector.</summary>
    member _.Item
        with get (i: int, j: int): Expr = elements[matrixIndex i j]

    /// <summary>Applies <paramref name="f"/> to every element; the result has the same shape and no name. O(n).</summary>
    static member internal Map(f: Expr -> Expr, t: Tensor) =
        Tensor(t.Shape, Array.map f t.Items, None)

    /// <summary>Applies <paramref name="f"/> to elements at equal positions of two tensors of equal shape. O(n).</summary>
    static member internal Map2(operation: string, f: Expr -> Expr -> Expr, a: Tensor, b: Tensor) =
        if a.Shape <> b.Shape then
            ShapeText.mismatch
                (ShapeText.describe a.Name "the left operand" a.Shape)
                (ShapeText.describe b.Name "the right operand" b.Shape)
                $"{operation} needs equal shapes"

        Tensor(a.Shape, Array.map2 f a.Items b.Items, None)

    /// A bounded rendering: at most a few thousand characters, whatever the size.
    override _.ToString() =
        let limit = 4096
        let text = Text.StringBuilder()

        let columns =
            match shape with
            | Vector n -> n
            | Matrix(_, c) -> c

        let isMatrix = shape.Rank = 2
        text.Append(if isMatrix then "[[" else "[") |> ignore
        let mutable k = 0

        while k < elements.Length && text.Length <= limit do
            if k > 0 then
                text.Append(if isMatrix && k % columns = 0 then "], [" else ", ") |> ignore

            text.Append(elements[k].ToString()) |> ignore
            k <- k + 1

        if k < elements.Length then
            text.Append '…' |> ignore

        text.Append(if isMatrix then "]]" else "]") |> ignore
        text.ToString()

    /// Used by <c>%A</c>; bounded like <c>ToString</c>.
    member this.Display = this.ToString()

    /// Element-wise <c>a + b</c> of tensors of equal shape.
    static member (+)(a: Tensor, b: Tensor) =
        Tensor.Map2("element-wise +", (+), a, b)

    /// <c>a[i] + s</c> for every element.
    static member (+)(a: Tensor, s: Expr) = Tensor.Map((fun e -> e + s), a)
    /// <c>s + b[i]</c> for every element.
    static member (+)(s: Expr, b: Tensor) = Tensor.Map((fun e -> s + e), b)
    /// <c>a[i] + c</c> for every element.
    static member (+)(a: Tensor, c: float) = Tensor.Map((fun e -> e + c), a)
    /// <c>c + b[i]</c> for every element.
    static member (+)(c: float, b: Tensor) = Tensor.Map((fun e -> c + e), b)

    /// Element-wise <c>a - b</c> of tensors of equal shape.
    static member (-)(a: Tensor, b: Tensor) =
        Tensor.Map2("element-wise -", (-), a, b)

    /// <c>a[i] - s</c> for every element.
    static member (-)(a: Tensor, s: Expr) = Tensor.Map((fun e -> e - s), a)
    /// <c>s - b[i]</c> for every element.
    static member (-)(s: Expr, b: Tensor) = Tensor.Map((fun e -> s - e), b)
    /// <c>a[i] - c</c> for every element.
    static member (-)(a: Tensor, c: float) = Tensor.Map((fun e -> e - c), a)
    /// <c>c - b[i]</c> for every element.
    static member (-)(c: float, b: Tensor) = Tensor.Map((fun e -> c - e), b)

    /// Element-wise (Hadamard) <c>a · b</c> of tensors of equal shape; see <c>Tensor.matmul</c> for products.
    static member (*)(a: Tensor, b: Tensor) =
        Tensor.Map2("element-wise *", (*), a, b)

    /// <c>a[i] · s</c> for every element.
    static member (*)(a: Tensor, s: Expr) = Tensor.Map((fun e -> e * s), a)
    /// <c>s · b[i]</c> for every element.
    static member (*)(s: Expr, b: Tensor) = Tensor.Map((fun e -> s * e), b)
    /// <c>a[i] · c</c> for every element.
    static member (*)(a: Tensor, c: float) = Tensor.Map((fun e -> e * c), a)
    /// <c>c · b[i]</c> for every element.
    static member (*)(c: float, b: Tensor) = Tensor.Map((fun e -> c * e), b)

    /// Element-wise <c>a / b</c> of tensors of equal shape.
    static member (/)(a: Tensor, b: Tensor) =
        Tensor.Map2("element-wise /", (/), a, b)

    /// <c>a[i] / s</c> for every element.
    static member (/)(a: Tensor, s: Expr) = Tensor.Map((fun e -> e / s), a)
    /// <c>s / b[i]</c> for every element.
    static member (/)(s: Expr, b: Tensor) = Tensor.Map((fun e -> s / e), b)
    /// <c>a[i] / c</c> for every element.
    static member (/)(a: Tensor, c: float) = Tensor.Map((fun e -> e / c), a)
    /// <c>c / b[i]</c> for every element.
    static member (/)(c: float, b: Tensor) = Tensor.Map((fun e -> c / e), b)

    /// <c>-a[i]</c> for every element.
    static member (~-)(a: Tensor) = Tensor.Map((fun e -> -e), a)

    /// <c>a[i] ** c</c> for every element; lets <c>**</c> work on tensors.
    static member Pow(a: Tensor, c: float) = Tensor.Map((fun e -> e ** c), a)

    /// <c>a[i] ** s</c> for every element, differentiated in <c>s</c> too.
    static member Pow(a: Tensor, s: Expr) =
        Tensor.Map((fun e -> Expr.Pow(e, s)), a)

    /// Element-wise <c>e^x</c>; lets <c>exp</c> from FSharp.Core work on tensors.
    static member Exp(t: Tensor) = Tensor.Map(Expr.Exp, t)
    /// Element-wise natural logarithm; lets <c>log</c> work on tensors.
    static member Log(t: Tensor) = Tensor.Map(Expr.Log, t)
    /// Element-wise hyperbolic tangent; lets <c>tanh</c> work on tensors.
    static member Tanh(t: Tensor) = Tensor.Map(Expr.Tanh, t)
    /// Element-wise <c>x ** 0.5</c>; lets <c>sqrt</c> work on tensors.
    static member Sqrt(t: Tensor) = Tensor.Map(Expr.Sqrt, t)
