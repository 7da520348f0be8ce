namespace Backprop.Functional.Language

open System.Collections.Generic
open Backprop.Functional

/// <summary>
/// What a name or an expression of a file stands for: one scalar expression, or a vector or matrix
/// of them (a core <see cref="T:Backprop.Functional.Tensor"/>).
/// </summary>
type Bound =
    /// One scalar expression.
    | Scalar of Expr
    /// A vector or matrix of scalar expressions, row-major.
    | Shaped of Tensor

/// Functions of <see cref="T:Backprop.Functional.Language.Bound"/>.
[<RequireQualifiedAccess>]
module Bound =

    /// <summary>The scalar expressions of a bound value, row-major: one for a scalar. O(1).</summary>
    let elements (bound: Bound) : IReadOnlyList<Expr> =
        match bound with
        | Scalar e -> [| e |]
        | Shaped t -> t.Elements

    /// <summary>The shape of a vector or matrix; <c>None</c> for a scalar.</summary>
    let shape (bound: Bound) : Shape option =
        match bound with
        | Scalar _ -> None
        | Shaped t -> Some t.Shape

    /// <summary><c>a scalar</c>, <c>a vector of 3 elements</c>, <c>a 3×2 matrix</c>, for messages.</summary>
    let describe (bound: Bound) =
        match bound with
        | Scalar _ -> "a scalar"
        | Shaped t ->
            match t.Shape with
            | Vector _ -> $"a vector of {t.Shape}"
            | Matrix _ -> $"a {t.Shape} matrix"
