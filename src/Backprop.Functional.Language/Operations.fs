namespace Backprop.Functional.Language

open System
open Backprop.Functional

/// <summary>
/// An error about one operand of an operation (counting from 0), so that the binder can point
/// at that operand rather than at the operation: the second row of a ragged matrix literal.
/// </summary>
exception OperandError of message: string * operand: int

/// <summary>
/// The operators of the language on scalars, vectors and matrices. Each maps to the core's
/// <c>Expr</c> or <c>Tensor</c> call, so the vector form of a computation builds the same nodes as
/// the scalar form. Shape errors are raised as <see cref="T:Backprop.Functional.ShapeException"/>
/// (reported at the operator) or <see cref="T:Backprop.Functional.Language.OperandError"/>.
/// </summary>
[<RequireQualifiedAccess>]
module Operations =

    let private fail message = raise (ShapeException message)

    /// <c>W is 3×2</c>, <c>x has 3 elements</c>, or the operand's role when the tensor has no name.
    let private describeTensor (role: string) (t: Tensor) =
        let subject = defaultArg t.Name role

        match t.Shape with
        | Vector _ -> $"{subject} has {t.Shape}"
        | Matrix _ -> $"{subject} is {t.Shape}"

    /// <summary>
    /// An element-wise operation: scalar with scalar, a scalar applied to every element of a
    /// tensor (on either side), or two tensors of equal shape. There is no other broadcasting.
    /// </summary>
    let elementwise (symbol: string) (f: Expr -> Expr -> Expr) (a: Bound) (b: Bound) : Bound =
        match a, b with
        | Scalar x, Scalar y -> Scalar(f x y)
        | Shaped t, Scalar y -> Shaped(Tensor.map (fun e -> f e y) t)
        | Scalar x, Shaped t -> Shaped(Tensor.map (f x) t)
        | Shaped s, Shaped t when s.Shape = t.Shape -> Shaped(Tensor.map2 f s t)
        | Shaped s, Shaped t ->
            let left, right =
                describeTensor "the left operand" s, describeTensor "the right operand" t

            fail $"shape mismatch: {left}, {right} ({symbol} needs equal shapes, or a scalar on one side)"

    /// <summary>
    /// What one node of a computation costs in memory, all told (the expression, its place in the
    /// graph and the tape, its value and adjoint): the figure the size checks estimate with.
    /// </summary>
    [<Literal>]
    let BytesPerNode = 200L

    /// <summary>
    /// Refuses an operation whose result would need more memory than the process can still have
    /// (the memory the runtime may use, container limits included, less what is in use): a matrix
    /// product's nodes are known from its shapes before one is built, so a product that cannot fit
    /// is an error at its operator instead of an out-of-memory crash.
    /// </summary>
    let ensureRoom (nodes: int64) (what: string) =
        let available =
            GC.GetGCMemoryInfo().TotalAvailableMemoryBytes - GC.GetTotalMemory false

        let needed = nodes * BytesPerNode

        if needed > available then
            let gigabytes (bytes: int64) =
                (float bytes / 1e9).ToString("0.0", Globalization.CultureInfo.InvariantCulture)

            let count = nodes.ToString("N0", Globalization.CultureInfo.InvariantCulture)
            let left = gigabytes (max 0L available)

            fail
                $"{what} would build {count} nodes, about {gigabytes needed} GB, more than the {left} GB this process can still use"

    /// <summary>
    /// <c>a @ b</c>, as Python's <c>@</c>: matrix × vector, vector × matrix, matrix × matrix, and for
    /// two vectors their dot product (a scalar). A product too large for the memory left is refused
    /// (<c>ensureRoom</c>) before it is built.
    /// </summary>
    let matrixProduct (a: Bound) (b: Bound) : Bound =
        // Each output element is a sum of `inner` products: two nodes per term.
        match a, b with
        | Shaped s, Shaped t ->
            let outer (shape: Shape) =
                match shape with
                | Vector _ -> 1L
                | Matrix(rows, _) -> int64 rows

            let inner =
                match s.Shape with
                | Vector n -> int64 n
                | Matrix(_, columns) -> int64 columns

            let columns =
                match t.Shape with
                | Vector _ -> 1L
                | Matrix(_, columns) -> int64 columns

            ensureRoom (2L * outer s.Shape * inner * columns) "this product"
        | _ -> ()

        match a, b with
        | Shaped s, Shaped t when s.Shape.Rank = 1 && t.Shape.Rank = 1 ->
            if s.Shape <> t.Shape then
                let left, right =
                    describeTensor "the left vector" s, describeTensor "the right vector" t

                fail
                    $"shape mismatch: {left}, {right} (the product of two vectors is their dot product, which needs equal lengths)"

            Scalar(Tensor.dot s t)
        | Shaped s, Shaped t -> Shaped(Tensor.matmul s t)
        | Scalar _, _ -> fail "@ multiplies vectors and matrices, but its left operand is a scalar: use * to scale"
        | _, Scalar _ -> fail "@ multiplies vectors and matrices, but its right operand is a scalar: use * to scale"

    /// The binary operators of the language.
    let binary (op: BinaryOperator) (a: Bound) (b: Bound) : Bound =
        match op with
        | Plus -> elementwise "+" (+) a b
        | Minus -> elementwise "-" (-) a b
        | Times -> elementwise "*" (*) a b
        | Divide -> elementwise "/" (/) a b
        | Power -> elementwise "**" Expr.pow a b
        | MatrixProduct -> matrixProduct a b

    /// Unary minus, of every element of a tensor.
    let negate (a: Bound) : Bound =
        match a with
        | Scalar e -> Scalar(-e)
        | Shaped t -> Shaped(-t)

    /// An index must be known when the graph is built: a whole number written as a literal.
    let private indexValue (k: int) (index: Bound) =
        match index with
        | Scalar e ->
            match e.Node with
            | Const c when c = floor c && abs c < 2147483648.0 -> int c
            | _ ->
                raise (
                    OperandError("an index must be a whole number written as a literal, as in v[0] or W[1, 0]", k + 1)
                )
        | Shaped _ -> raise (OperandError("an index must be a whole number, not a vector or matrix", k + 1))

    /// <summary><c>v[i]</c> or <c>W[i, j]</c>: the element itself (the core's indexers check the range).</summary>
    let index (target: Bound) (indices: Bound[]) : Bound =
        match target with
        | Scalar _ -> fail "only a vector or a matrix can be indexed, but this is a scalar"
        | Shaped t ->
            let values = indices |> Array.mapi indexValue

            match t.Shape, values with
            | Vector _, [| i |] -> Scalar t[i]
            | Matrix _, [| i; j |] -> Scalar t[i, j]
            | shape, _ ->
                let subject = defaultArg t.Name "the operand"

                let described, wanted =
                    if shape.Rank = 1 then
                        $"has {shape}", "one index, [i]"
                    else
                        $"is {shape}", "two indices, [i, j]"

                let given =
                    match values.Length with
                    | 1 -> "one"
                    | 2 -> "two"
                    | n -> string n

                fail $"{subject} {described}: index it with {wanted}, not {given}"

    /// <summary>
    /// <c>[a, b, …]</c>: a vector of scalars, or a matrix whose rows are vectors of equal length.
    /// A literal of matrices (rank 3) is refused. O(number of elements).
    /// </summary>
    let brackets (items: Bound[]) : Bound =
        match items[0] with
        | Scalar _ ->
            items
            |> Array.mapi (fun k item ->
                match item with
                | Scalar e -> e
                | Shaped _ ->
                    raise (
                        OperandError(
                            $"element {k} is {Bound.describe item}, but element 0 is a scalar: a vector holds scalars, a matrix holds rows of equal length",
                            k
                        )
                    ))
            |> Tensor.vector
            |> Shaped
        | Shaped first when first.Shape.Rank = 1 ->
            let rows =
                items
                |> Array.mapi (fun k item ->
                    match item with
                    | Shaped row when row.Shape = first.Shape -> row.Elements
                    | _ ->
                        raise (
                            OperandError(
                                $"row {k} is {Bound.describe item}, but row 0 is {Bound.describe items[0]}: the rows of a matrix are vectors of equal length",
                                k
                            )
                        ))

            Shaped(Tensor.matrix rows)
        | first ->
            fail
                $"brackets of {Bound.describe first} would make a tensor of rank 3: only vectors and matrices are supported"
