namespace Backprop.Functional.Language

open Backprop.Functional

/// A function the language knows: its name, its number of arguments and how it builds an expression.
type FunctionDefinition = {
    /// The name used in calls.
    Name: string
    /// The number of arguments it takes.
    Arity: int
    /// <summary>
    /// Builds the result from exactly <c>Arity</c> arguments; raises
    /// <see cref="T:Backprop.Functional.ShapeException"/> for arguments of the wrong shape.
    /// </summary>
    Build: Bound[] -> Bound
}

/// The functions callable from expression files (SPEC §1), on scalars and, element-wise, on
/// vectors and matrices; plus the reductions and products of vectors and matrices.
[<RequireQualifiedAccess>]
module Functions =

    /// Applied to a scalar, or to every element of a vector or matrix; named as in the operations table.
    let private unary (operation: Operation) (f: Expr -> Expr) = {
        Name = operation.Name
        Arity = 1
        Build =
            fun args ->
                match args[0] with
                | Scalar e -> Scalar(f e)
                | Shaped t -> Shaped(Tensor.map f t)
    }

    /// Element-wise, with a scalar on either side applied to every element; named as in the operations table.
    let private binary (operation: Operation) (f: Expr -> Expr -> Expr) = {
        Name = operation.Name
        Arity = 2
        Build = fun args -> Operations.elementwise operation.Name f args[0] args[1]
    }

    let private argumentName (arity: int) (k: int) =
        if arity = 1 then "its argument"
        elif k = 0 then "its first argument"
        else "its second argument"

    /// The tensor arguments of a function that takes only vectors or matrices.
    let private tensors (name: string) (args: Bound[]) =
        args
        |> Array.mapi (fun k arg ->
            match arg with
            | Shaped t -> t
            | Scalar _ ->
                raise (ShapeException $"{name} needs a vector or matrix, but {argumentName args.Length k} is a scalar"))

    /// A function of vectors and matrices only.
    let private ofTensors name arity (f: Tensor[] -> Bound) = {
        Name = name
        Arity = arity
        Build = fun args -> f (tensors name args)
    }

    /// Every function, in the order the documentation lists them.
    let all = [
        unary Operation.tanh Expr.tanh
        unary Operation.exp Expr.exp
        unary Operation.log Expr.log
        unary Operation.sigmoid Expr.sigmoid
        unary Operation.relu Expr.relu
        unary Operation.sin Expr.sin
        unary Operation.cos Expr.cos
        unary Operation.abs Expr.abs
        unary Operation.sqrt Expr.sqrt
        binary Operation.pow Expr.pow
        binary Operation.max Expr.max
        binary Operation.min Expr.min
        binary Operation.greater Expr.greater
        binary Operation.equal Expr.equal
        ofTensors "dot" 2 (fun t -> Scalar(Tensor.dot t[0] t[1]))
        ofTensors "sum" 1 (fun t -> Scalar(Tensor.sum t[0]))
        ofTensors "mean" 1 (fun t -> Scalar(Tensor.mean t[0]))
        ofTensors "transpose" 1 (fun t -> Shaped(Tensor.transpose t[0]))
        ofTensors "outer" 2 (fun t -> Shaped(Tensor.outer t[0] t[1]))
    ]

    let private byName = all |> List.map (fun f -> f.Name, f) |> dict

    /// The function of that name, if the language has one.
    let tryFind (name: string) =
        match byName.TryGetValue name with
        | true, f -> Some f
        | _ -> None

    /// The names of all functions, for error messages.
    let names = all |> List.map _.Name |> String.concat ", "
