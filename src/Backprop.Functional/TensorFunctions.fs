namespace Backprop.Functional

open System
open System.Collections.Generic

/// <summary>
/// Functions on vectors and matrices of expressions: construction, element-wise functions,
/// sums, products and reading results back in the input's shape. Every function is iterative
/// and allocates one node per scalar operation it stands for; none of them evaluates anything
/// except <c>evaluate</c>.
/// </summary>
/// <remarks>
/// Sums are left-leaning chains, <c>((t0 + t1) + t2) + …</c>, exactly as <c>Expr.sum</c> and a
/// hand-written sum build them, so a computation written with tensors and the same computation
/// written with scalars give bit-identical values and gradients.
/// </remarks>
[<RequireQualifiedAccess; CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Tensor =

    let private checkShape (shape: Shape) =
        match shape with
        | Vector n when n < 0 -> raise (ShapeException $"a vector cannot have {n} elements")
        | Matrix(rows, columns) when rows < 0 || columns < 0 ->
            raise (ShapeException $"a matrix cannot be {rows}×{columns}")
        | Matrix(rows, columns) when int64 rows * int64 columns > int64 Array.MaxLength ->
            raise (ShapeException $"a matrix of {rows}×{columns} elements is larger than .NET arrays allow")
        | _ -> ()

    let private checkElements (elements: Expr[]) =
        for k in 0 .. elements.Length - 1 do
            if isNull (box elements[k]) then
                raise (ArgumentNullException("elements", $"element {k} is null"))

    /// Raises the error for an operation that needs a vector and got a matrix.
    let private requireVector (operation: string) (fallback: string) (t: Tensor) =
        match t.Shape with
        | Vector n -> n
        | Matrix _ ->
            let described = ShapeText.describe t.Name fallback t.Shape
            raise (ShapeException $"shape mismatch: {operation} needs a vector, but {described}")

    /// Raises the error for an operation that needs a matrix and got a vector.
    let private requireMatrix (operation: string) (fallback: string) (t: Tensor) =
        match t.Shape with
        | Matrix(rows, columns) -> struct (rows, columns)
        | Vector _ ->
            let described = ShapeText.describe t.Name fallback t.Shape
            raise (ShapeException $"shape mismatch: {operation} needs a matrix, but {described}")

    /// <c>left(0)·right(0) + left(1)·right(1) + …</c> as a left-leaning chain; the constant 0 when empty.
    let private sumOfProducts (count: int) (left: int -> Expr) (right: int -> Expr) =
        if count = 0 then
            Expr.constant 0.0
        else
            let mutable total = left 0 * right 0

            for k in 1 .. count - 1 do
                total <- total + left k * right k

            total

    // ---------------------------------------------------------------- construction

    /// <summary>A tensor of the given shape from elements in row-major order (copied). O(n).</summary>
    [<CompiledName("OfArray")>]
    let ofArray (shape: Shape) (elements: Expr[]) : Tensor =
        if isNull elements then
            nullArg (nameof elements)

        checkShape shape
        checkElements elements

        if elements.Length <> shape.Count then
            raise (
                ShapeException
                    $"shape mismatch: a tensor of shape {shape} needs {shape.Count} elements, but {elements.Length} were given"
            )

        Tensor(shape, Array.copy elements, None)

    /// <summary>A vector of the given elements. O(n).</summary>
    [<CompiledName("Vector")>]
    let vector (elements: Expr seq) : Tensor =
        if isNull elements then
            nullArg (nameof elements)

        let items = Array.ofSeq elements
        checkElements items
        Tensor(Vector items.Length, items, None)

    /// <summary>
    /// A matrix from its rows, which must all have the same length (otherwise a
    /// <see cref="T:Backprop.Functional.ShapeException"/> names the first row that differs).
    /// No rows gives a 0×0 matrix. O(n).
    /// </summary>
    [<CompiledName("Matrix")>]
    let matrix (rows: seq<#seq<Expr>>) : Tensor =
        if isNull rows then
            nullArg (nameof rows)

        let rows = rows |> Seq.map Array.ofSeq |> Array.ofSeq
        let columns = if rows.Length = 0 then 0 else rows[0].Length

        for i in 1 .. rows.Length - 1 do
            if rows[i].Length <> columns then
                raise (
                    ShapeException
                        $"ragged matrix: row 0 has {Vector columns} but row {i} has {rows[i].Length}; every row needs the same length"
                )

        let items = Array.concat rows
        checkElements items
        Tensor(Matrix(rows.Length, columns), items, None)

    /// <summary>A matrix from a 2-D array of expressions. O(n).</summary>
    [<CompiledName("OfArray2D")>]
    let ofArray2D (elements: Expr[,]) : Tensor =
        if isNull elements then
            nullArg (nameof elements)

        let rows, columns = Array2D.length1 elements, Array2D.length2 elements

        let items =
            Array.init (rows * columns) (fun k -> elements[k / columns, k % columns])

        checkElements items
        Tensor(Matrix(rows, columns), items, None)

    /// <summary>A vector of constants (no gradient rows of their own). O(n).</summary>
    [<CompiledName("Constants")>]
    let constants (values: float[]) : Tensor =
        if isNull values then
            nullArg (nameof values)

        Tensor(Vector values.Length, Array.map Expr.constant values, None)

    /// <summary>A matrix of constants. O(n).</summary>
    [<CompiledName("ConstantMatrix")>]
    let constantMatrix (values: float[,]) : Tensor =
        if isNull values then
            nullArg (nameof values)

        let rows, columns = Array2D.length1 values, Array2D.length2 values

        Tensor(
            Matrix(rows, columns),
            Array.init (rows * columns) (fun k -> Expr.constant values[k / columns, k % columns]),
            None
        )

    /// <summary>
    /// The variable name of the element at row-major position <paramref name="index"/> of a tensor
    /// called <paramref name="name"/>: <c>w[0]</c> for a vector, <c>W[1,0]</c> (row, column, no
    /// space) for a matrix. These are the names gradients are reported under.
    /// </summary>
    [<CompiledName("ElementName")>]
    let elementName (name: string) (shape: Shape) (index: int) : string =
        if isNull name then
            nullArg (nameof name)

        if index < 0 || index >= shape.Count then
            raise (ShapeException $"index out of range: element {index} of a tensor of {shape}")

        match shape with
        | Vector _ -> $"{name}[{index}]"
        | Matrix(_, columns) -> $"{name}[{index / columns},{index % columns}]"

    /// <summary>The names of all elements, in row-major order (see <c>elementName</c>). O(n).</summary>
    [<CompiledName("ElementNames")>]
    let elementNames (name: string) (shape: Shape) : string[] =
        checkShape shape
        Array.init shape.Count (elementName name shape)

    /// <summary>
    /// A tensor of variables named after its elements, <c>w[0]</c>, <c>w[1]</c>, … or
    /// <c>W[0,0]</c>, <c>W[0,1]</c>, …, carrying <paramref name="name"/> for error messages.
    /// Bind their values with <c>Tensor.bind</c> or <c>Tensor.bindMatrix</c>. O(n).
    /// </summary>
    [<CompiledName("Variables")>]
    let variables (name: string) (shape: Shape) : Tensor =
        if isNull name then
            nullArg (nameof name)

        if name.Length = 0 then
            invalidArg (nameof name) "A tensor of variables needs a non-empty name."

        Tensor(shape, elementNames name shape |> Array.map Expr.var, Some name)

    /// <summary>
    /// Bindings for the variables of <c>variables name (Vector values.Length)</c>:
    /// <c>[ "w[0]", values[0]; "w[1]", values[1]; … ]</c>, ready for <c>Bindings.ofList</c>.
    /// </summary>
    [<CompiledName("Bind")>]
    let bind (name: string) (values: float[]) : (string * float) list =
        if isNull values then
            nullArg (nameof values)

        let names = elementNames name (Vector values.Length)
        List.init values.Length (fun k -> names[k], values[k])

    /// <summary>Bindings for the variables of <c>variables name (Matrix(rows, columns))</c>, in row-major order.</summary>
    [<CompiledName("BindMatrix")>]
    let bindMatrix (name: string) (values: float[,]) : (string * float) list =
        if isNull values then
            nullArg (nameof values)

        let rows, columns = Array2D.length1 values, Array2D.length2 values
        let names = elementNames name (Matrix(rows, columns))
        List.init (rows * columns) (fun k -> names[k], values[k / columns, k % columns])

    /// <summary>The same elements under another name for error messages (O(1); nothing is copied).</summary>
    [<CompiledName("Named")>]
    let named (name: string) (t: Tensor) : Tensor =
        if isNull name then
            nullArg (nameof name)

        Tensor(t.Shape, t.Items, Some name)

    // ---------------------------------------------------------------- elements

    /// <summary>The elements in row-major order, as a new array. O(n).</summary>
    [<CompiledName("ToArray")>]
    let toArray (t: Tensor) : Expr[] = Array.copy t.Items

    /// <summary>A matrix's elements as a new 2-D array; a vector is refused. O(n).</summary>
    [<CompiledName("ToArray2D")>]
    let toArray2D (t: Tensor) : Expr[,] =
        let struct (rows, columns) = requireMatrix "toArray2D" "the tensor" t
        Array2D.init rows columns (fun i j -> t.Items[i * columns + j])

    /// <summary>Row <paramref name="i"/> of a matrix, as a vector. O(columns).</summary>
    [<CompiledName("Row")>]
    let row (i: int) (t: Tensor) : Tensor =
        let struct (_, columns) = requireMatrix "row" "the tensor" t
        Tensor(Vector columns, Array.init columns (fun j -> t[i, j]), None)

    /// <summary>Column <paramref name="j"/> of a matrix, as a vector. O(rows).</summary>
    [<CompiledName("Column")>]
    let column (j: int) (t: Tensor) : Tensor =
        let struct (rows, _) = requireMatrix "column" "the tensor" t
        Tensor(Vector rows, Array.init rows (fun i -> t[i, j]), None)

    // ---------------------------------------------------------------- element-wise

    /// <summary>Applies <paramref name="f"/> to every element; same shape. O(n) calls of f.</summary>
    [<CompiledName("Map")>]
    let map (f: Expr -> Expr) (t: Tensor) : Tensor = Tensor.Map(f, t)

    /// <summary>
    /// Applies <paramref name="f"/> to the elements at equal positions of two tensors of equal
    /// shape; otherwise a <see cref="T:Backprop.Functional.ShapeException"/>. O(n) calls of f.
    /// </summary>
    [<CompiledName("Map2")>]
    let map2 (f: Expr -> Expr -> Expr) (a: Tensor) (b: Tensor) : Tensor = Tensor.Map2("map2", f, a, b)

    /// <summary>Element-wise <c>a + b</c>; the shapes must be equal.</summary>
    [<CompiledName("Add")>]
    let add (a: Tensor) (b: Tensor) = a + b

    /// <summary>Element-wise <c>a - b</c>; the shapes must be equal.</summary>
    [<CompiledName("Subtract")>]
    let sub (a: Tensor) (b: Tensor) = a - b

    /// <summary>Element-wise (Hadamard) <c>a · b</c>; the shapes must be equal.</summary>
    [<CompiledName("Multiply")>]
    let mul (a: Tensor) (b: Tensor) = a * b

    /// <summary>Element-wise <c>a / b</c>; the shapes must be equal.</summary>
    [<CompiledName("Divide")>]
    let div (a: Tensor) (b: Tensor) = a / b

    /// <summary>Every element times the scalar <paramref name="s"/>.</summary>
    [<CompiledName("Scale")>]
    let scale (s: Expr) (t: Tensor) = s * t

    /// <summary>Element-wise <c>tanh</c>.</summary>
    [<CompiledName("Tanh")>]
    let tanh (t: Tensor) = map Expr.tanh t

    /// <summary>Element-wise <c>e^x</c>.</summary>
    [<CompiledName("Exp")>]
    let exp (t: Tensor) = map Expr.exp t

    /// <summary>Element-wise natural logarithm.</summary>
    [<CompiledName("Log")>]
    let log (t: Tensor) = map Expr.log t

    /// <summary>Element-wise logistic sigmoid.</summary>
    [<CompiledName("Sigmoid")>]
    let sigmoid (t: Tensor) = map Expr.sigmoid t

    /// <summary>Element-wise <c>max(0, x)</c>.</summary>
    [<CompiledName("Relu")>]
    let relu (t: Tensor) = map Expr.relu t

    // ---------------------------------------------------------------- reductions

    /// <summary>
    /// The sum of all elements, <c>((t0 + t1) + t2) + …</c> in row-major order; the constant 0
    /// for an empty tensor. O(n).
    /// </summary>
    [<CompiledName("Sum")>]
    let sum (t: Tensor) : Expr = Expr.sum t.Items

    /// <summary>
    /// <c>sum t / n</c>, as <c>List.average</c> builds it. An empty tensor has no mean: a
    /// <see cref="T:Backprop.Functional.ShapeException"/>. O(n).
    /// </summary>
    [<CompiledName("Mean")>]
    let mean (t: Tensor) : Expr =
        if t.Count = 0 then
            let described = ShapeText.describe t.Name "the tensor" t.Shape
            raise (ShapeException $"mean needs at least one element, but {described}")

        sum t / float t.Count

    // ---------------------------------------------------------------- products

    /// <summary>
    /// The dot product <c>a[0]·b[0] + a[1]·b[1] + …</c> of two vectors of equal length; the
    /// constant 0 for empty vectors. O(n).
    /// </summary>
    [<CompiledName("Dot")>]
    let dot (a: Tensor) (b: Tensor) : Expr =
        let n = requireVector "dot" "the left operand" a
        let m = requireVector "dot" "the right operand" b

        if n <> m then
            ShapeText.mismatch
                (ShapeText.describe a.Name "the left vector" a.Shape)
                (ShapeText.describe b.Name "the right vector" b.Shape)
                "a dot product needs vectors of equal length"

        sumOfProducts n (fun k -> a.Items[k]) (fun k -> b.Items[k])

    /// <summary>
    /// The matrix product, as Python's <c>@</c>: matrix × vector gives a vector
    /// (<c>z[i] = Σj W[i,j]·x[j]</c>), vector × matrix gives a vector (<c>y[k] = Σj x[j]·W[j,k]</c>),
    /// matrix × matrix gives a matrix. Two vectors are refused: their product is <c>dot</c>.
    /// Each element is a left-leaning sum over <c>j</c>. O(rows · inner · columns).
    /// </summary>
    [<CompiledName("MatMul")>]
    let matmul (a: Tensor) (b: Tensor) : Tensor =
        let left = a.Items
        let right = b.Items

        match a.Shape, b.Shape with
        | Matrix(rows, inner), Vector n ->
            if inner <> n then
                ShapeText.mismatch
                    (ShapeText.describe a.Name "the matrix" a.Shape)
                    (ShapeText.describe b.Name "the vector" b.Shape)
                    $"a matrix–vector product needs one vector element per matrix column, {inner}"

            let z =
                Array.init rows (fun i -> sumOfProducts inner (fun j -> left[i * inner + j]) (fun j -> right[j]))

            Tensor(Vector rows, z, None)
        | Vector n, Matrix(inner, columns) ->
            if inner <> n then
                ShapeText.mismatch
                    (ShapeText.describe a.Name "the vector" a.Shape)
                    (ShapeText.describe b.Name "the matrix" b.Shape)
                    $"a vector–matrix product needs one vector element per matrix row, {inner}"

            let y =
                Array.init columns (fun k -> sumOfProducts inner (fun j -> left[j]) (fun j -> right[j * columns + k]))

            Tensor(Vector columns, y, None)
        | Matrix(rows, inner), Matrix(innerRight, columns) ->
            if inner <> innerRight then
                ShapeText.mismatch
                    (ShapeText.describe a.Name "the left matrix" a.Shape)
                    (ShapeText.describe b.Name "the right matrix" b.Shape)
                    "a matrix product needs as many columns on the left as rows on the right"

            let c =
                Array.init (rows * columns) (fun k ->
                    let i, l = k / columns, k % columns
                    sumOfProducts inner (fun j -> left[i * inner + j]) (fun j -> right[j * columns + l]))

            Tensor(Matrix(rows, columns), c, None)
        | Vector _, Vector _ ->
            ShapeText.mismatch
                (ShapeText.describe a.Name "the left operand" a.Shape)
                (ShapeText.describe b.Name "the right operand" b.Shape)
                "the product of two vectors is a scalar: use dot"

    /// <summary>
    /// The transpose of a matrix (rows become columns). A vector has no orientation and is
    /// returned unchanged, as NumPy does; use <c>outer</c> for a column times a row. O(n).
    /// </summary>
    [<CompiledName("Transpose")>]
    let transpose (t: Tensor) : Tensor =
        match t.Shape with
        | Vector _ -> t
        | Matrix(rows, columns) ->
            let items = t.Items

            Tensor(
                Matrix(columns, rows),
                Array.init (rows * columns) (fun k -> items[(k % rows) * columns + k / rows]),
                None
            )

    /// <summary>The outer product <c>a · bᵀ</c> of two vectors: <c>(outer a b)[i, j] = a[i]·b[j]</c>. O(m·n).</summary>
    [<CompiledName("Outer")>]
    let outer (a: Tensor) (b: Tensor) : Tensor =
        let m = requireVector "outer" "the left operand" a
        let n = requireVector "outer" "the right operand" b
        let left, right = a.Items, b.Items
        Tensor(Matrix(m, n), Array.init (m * n) (fun k -> left[k / n] * right[k % n]), None)

    // ---------------------------------------------------------------- results

    /// d(root)/d(element): by name for a variable (all of its nodes), by node otherwise.
    let private gradientOf (g: Gradients) (e: Expr) =
        match e.Node with
        | Var name ->
            match g.Variables.TryGetValue name with
            | true, value -> value
            | _ -> 0.0
        | _ -> g.Of e

    let private toMatrix (t: Tensor) (values: float[]) =
        let struct (rows, columns) = requireMatrix "a 2-D result" "the tensor" t
        Array2D.init rows columns (fun i j -> values[i * columns + j])

    /// <summary>
    /// The gradient of the root with respect to each element, in row-major order: for a variable
    /// element, the gradient of that variable (0 when the root does not use it); for any other
    /// element, the gradient of that node (0 when it is not part of the computation). O(n).
    /// </summary>
    [<CompiledName("Gradient")>]
    let gradient (g: Gradients) (t: Tensor) : float[] =
        if isNull (box g) then
            nullArg (nameof g)

        Array.map (gradientOf g) t.Items

    /// <summary>The gradient of a matrix shaped like it: <c>result[i, j] = d(root)/d(W[i, j])</c>. O(n).</summary>
    [<CompiledName("GradientMatrix")>]
    let gradientMatrix (g: Gradients) (t: Tensor) : float[,] = gradient g t |> toMatrix t

    /// <summary>
    /// The value of each element in the computation of <paramref name="g"/>, in row-major order.
    /// Raises <c>KeyNotFoundException</c> for an element that is not part of it (use
    /// <c>evaluate</c> for those). O(n).
    /// </summary>
    [<CompiledName("Values")>]
    let values (g: Gradients) (t: Tensor) : float[] =
        if isNull (box g) then
            nullArg (nameof g)

        Array.map g.ValueOf t.Items

    /// <summary>
    /// The value of every element, in row-major order, from one forward sweep over their shared
    /// graph (each shared node is computed once). Raises
    /// <see cref="T:Backprop.Functional.UnboundVariableException"/> for a variable with no value.
    /// O(nodes + edges).
    /// </summary>
    [<CompiledName("Evaluate")>]
    let evaluate (bindings: IReadOnlyDictionary<string, float>) (t: Tensor) : float[] =
        if t.Count = 0 then
            [||]
        else
            // One tape for all elements.
            let tape = Tape.compileRoots t.Items[0] t.Items
            let nodeValues = Array.zeroCreate<float> tape.Length
            tape.Forward(ReadOnlySpan(tape.Inputs bindings), Span nodeValues) |> ignore

            t.Items
            |> Array.map (fun e ->
                match tape.TryIndexOf e with
                | ValueSome i -> nodeValues[i]
                | ValueNone -> invalidOp "unreachable: every element is a root of the tape")
