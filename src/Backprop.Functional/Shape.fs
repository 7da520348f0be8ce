namespace Backprop.Functional

open System

/// <summary>
/// The shape of a <see cref="T:Backprop.Functional.Tensor"/>: a vector of some length or a
/// matrix of some rows and columns. Elements are stored in row-major order.
/// </summary>
[<Struct>]
type Shape =
    /// A vector (rank 1) of <c>length</c> elements.
    | Vector of length: int
    /// A matrix (rank 2) of <c>rows</c> × <c>columns</c> elements.
    | Matrix of rows: int * columns: int

    /// 1 for a vector, 2 for a matrix.
    member this.Rank =
        match this with
        | Vector _ -> 1
        | Matrix _ -> 2

    /// The number of elements.
    member this.Count =
        match this with
        | Vector n -> n
        | Matrix(rows, columns) -> rows * columns

    /// <summary>The sizes as an array, <c>[| 3 |]</c> or <c>[| 3; 2 |]</c> (a new array each time), as JSON writes a shape.</summary>
    member this.Dimensions =
        match this with
        | Vector n -> [| n |]
        | Matrix(rows, columns) -> [| rows; columns |]

    /// <c>3 elements</c> for a vector, <c>3×2</c> for a matrix, as error messages print them.
    override this.ToString() =
        match this with
        | Vector 1 -> "1 element"
        | Vector n -> $"{n} elements"
        | Matrix(rows, columns) -> $"{rows}×{columns}"

/// <summary>
/// Raised when tensors of incompatible shapes are combined, a tensor is indexed out of range or
/// with the wrong number of indices, or a tensor is built from ragged rows. The message states
/// the shapes involved, e.g. <c>shape mismatch: W is 3×2, x has 3 elements (W @ x needs x to
/// have 2 elements)</c>.
/// </summary>
/// <remarks>It derives from <c>ArgumentException</c>: the operands are the bad arguments.</remarks>
type ShapeException(message: string) =
    inherit ArgumentException(message)

/// Wording of shape errors, so every operation describes tensors the same way.
module internal ShapeText =

    /// <c>W is 3×2</c>, <c>x has 3 elements</c>; <c>the matrix is 3×2</c> when the tensor has no name.
    let describe (name: string option) (fallback: string) (shape: Shape) =
        let subject = defaultArg name fallback

        match shape with
        | Vector _ -> $"{subject} has {shape}"
        | Matrix _ -> $"{subject} is {shape}"

    /// A name for the tensor in a formula: its own name or the role it plays.
    let label (name: string option) (fallback: string) = defaultArg name fallback

    /// Raises the mismatch of two operands, with what the operation needed.
    let mismatch (left: string) (right: string) (requirement: string) : 'a =
        raise (ShapeException $"shape mismatch: {left}, {right} ({requirement})")
