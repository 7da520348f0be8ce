namespace Backprop.Functional

open System.Buffers
open System.Collections.Generic

/// <summary>
/// Expressions that build expressions and simplify as they go: what the symbolic reverse sweep
/// writes derivatives in. <c>x + 0 = x</c>, <c>x - 0 = x</c>, <c>x·1 = x</c>, <c>0·x = 0</c>,
/// <c>(-1)·((-1)·x) = x</c>, <c>-(-x) = x</c>, <c>x**1 = x</c>, <c>x**0 = 1</c>, and an operation of
/// constants is folded into a constant.
/// Nothing is ever rebuilt or expanded, so sharing is kept.
/// </summary>
/// <remarks>
/// <c>0·x = 0</c> holds for finite x only; a derivative that is 0 by algebra stays 0 where IEEE
/// arithmetic would give NaN (<c>0·∞</c>), as symbolic differentiation in PyTorch and JAX does.
/// </remarks>
type internal SimplifyingAlgebra() =
    let constant (e: Expr) =
        match e.Node with
        | Const c -> ValueSome c
        | _ -> ValueNone

    let isMinusOne (e: Expr) =
        match e.Node with
        | Const c -> c = -1.0
        | _ -> false

    let fold (operation: Operation) (a: Expr) (b: Expr) =
        let node = Expr.OfOperation(operation, a, b)
        Expr.OfNode(Const(Evaluate.value (Dictionary<string, float>()) node))

    // Each operand's node is read once: reading it is the one access to memory most calls make.
    interface IAlgebra<Expr> with
        member _.Constant value = Expr.OfNode(Const value)

        member _.TryConstant term = constant term

        member _.Apply(operation, a, b) =
            let ca = constant a

            if obj.ReferenceEquals(operation, Operation.add) then
                let cb = constant b

                if ca.IsSome && ca.Value = 0.0 then b
                elif cb.IsSome && cb.Value = 0.0 then a
                elif ca.IsSome && cb.IsSome then fold operation a b
                else Expr.OfOperation(operation, a, b)
            elif obj.ReferenceEquals(operation, Operation.mul) then
                let cb = constant b

                if (ca.IsSome && ca.Value = 0.0) || (cb.IsSome && cb.Value = 0.0) then
                    Expr.OfNode(Const 0.0)
                elif ca.IsSome && ca.Value = 1.0 then
                    b
                elif cb.IsSome && cb.Value = 1.0 then
                    a
                elif ca.IsSome && cb.IsSome then
                    fold operation a b
                elif ca.IsSome && ca.Value = -1.0 then
                    // (-1)·((-1)·x) = x
                    match b.Node with
                    | Mul(m, x) when isMinusOne m -> x
                    | _ -> Expr.OfOperation(operation, a, b)
                else
                    Expr.OfOperation(operation, a, b)
            elif obj.ReferenceEquals(operation, Operation.neg) then
                // -(-x) = x; -c folds.
                match a.Node with
                | Neg x -> x
                | Const c -> Expr.OfNode(Const -c)
                | _ -> Expr.OfOperation(operation, a, b)
            elif obj.ReferenceEquals(operation, Operation.sub) then
                let cb = constant b

                if cb.IsSome && cb.Value = 0.0 then a
                elif ca.IsSome && cb.IsSome then fold operation a b
                else Expr.OfOperation(operation, a, b)
            else
                let cb = if isNull (box b) then ValueNone else constant b

                let allConstant = ca.IsSome && (isNull (box b) || operation.Arity < 2 || cb.IsSome)

                if
                    obj.ReferenceEquals(operation, Operation.powConst)
                    && cb.IsSome
                    && cb.Value = 1.0
                then
                    a
                elif
                    obj.ReferenceEquals(operation, Operation.powConst)
                    && cb.IsSome
                    && cb.Value = 0.0
                then
                    Expr.OfNode(Const 1.0)
                elif allConstant then
                    fold operation a b
                else
                    Expr.OfOperation(operation, a, b)

/// <summary>
/// The nodes of one root's graph as the symbolic reverse sweep walks them: in the order
/// <c>Graph.ofExpr</c> gives them (by level, then by operation, then by id), last first. Built in
/// one traversal, on arrays on loan from the shared pool, and without a
/// <see cref="T:Backprop.Functional.Graph"/>: nodes are numbered as the traversal finds them
/// (newest first), each node's operands are kept as such numbers, and the order is a permutation
/// of them, so the sweep reads its operands' adjoints by number and allocates nothing but the
/// expressions it builds.
/// </summary>
/// <remarks>
/// The order must be the graph's: the sweep adds an adjoint's contributions and builds its nodes in
/// the order it meets them, so another topological order would give other (equal-valued) sums.
/// </remarks>
[<Sealed>]
type internal SweepOrder(root: Expr) =
    let found = PooledBuffer<Expr>(1024)
    do Reachable.collect root found
    let n = found.Count
    let rootId = root.Id

    // Ids to numbers: a window of offsets below the root's id, as NodeIndex keeps, and a
    // dictionary for the few ids far below it.
    let windowLength = int (min (rootId - found[n - 1].Id + 1L) (8L * int64 n + 8192L))

    let window = ArrayPool<int>.Shared.Rent windowLength
    do System.Array.Clear(window, 0, windowLength)
    let mutable far: Dictionary<int64, int> = null

    do
        for k in 0 .. n - 1 do
            let offset = rootId - found[k].Id

            if offset < int64 windowLength then
                window[int offset] <- k + 1
            else
                if isNull far then
                    far <- Dictionary<int64, int>()

                far[found[k].Id] <- k

    /// The number of a node of the graph; -1 for none.
    let numberOf (e: Expr) =
        let offset = rootId - e.Id

        if offset >= 0L && offset < int64 windowLength then
            window[int offset] - 1
        elif isNull far then
            -1
        else
            match far.TryGetValue e.Id with
            | true, k -> k
            | _ -> -1

    let first = ArrayPool<int>.Shared.Rent n
    let second = ArrayPool<int>.Shared.Rent n
    let order = ArrayPool<int>.Shared.Rent n
    let mutable leaves = 0

    do
        // As Graph.ofExpr: levels oldest first (leaves 0, any other node one more than its
        // deepest operand), then a stable sort by operation of the nodes oldest first, then a
        // stable sort of that by level.
        let levels = ArrayPool<int>.Shared.Rent n
        let kinds = ArrayPool<int>.Shared.Rent n
        let mutable deepest = 0

        for k in n - 1 .. -1 .. 0 do
            let struct (operation, a, b) = found[k].View
            let ka = if isNull (box a) then -1 else numberOf a
            let kb = if isNull (box b) then -1 else numberOf b

            let level =
                1 + max (if ka < 0 then -1 else levels[ka]) (if kb < 0 then -1 else levels[kb])

            levels[k] <- level
            deepest <- max deepest level

            if level = 0 then
                leaves <- leaves + 1

            kinds[k] <- operation.Ordinal
            first[k] <- ka
            second[k] <- kb

        let oldestFirst = ArrayPool<int>.Shared.Rent n

        for k in 0 .. n - 1 do
            oldestFirst[k] <- n - 1 - k

        let byKind = ArrayPool<int>.Shared.Rent n
        SweepOrder.CountingSort(kinds, Operation.Count, n, oldestFirst, byKind)
        SweepOrder.CountingSort(levels, deepest + 1, n, byKind, order)

        for rented in [| levels; kinds; oldestFirst; byKind |] do
            ArrayPool<int>.Shared.Return rented

    /// Stable counting sort of positions[0..n-1] by keys[position] in [0, keyCount), into sorted.
    static member private CountingSort(keys: int[], keyCount: int, n: int, positions: int[], sorted: int[]) =
        let starts = ArrayPool<int>.Shared.Rent(keyCount + 1)
        System.Array.Clear(starts, 0, keyCount + 1)

        for i in 0 .. n - 1 do
            let k = keys[positions[i]]
            starts[k + 1] <- starts[k + 1] + 1

        for k in 1..keyCount do
            starts[k] <- starts[k] + starts[k - 1]

        for i in 0 .. n - 1 do
            let p = positions[i]
            let k = keys[p]
            sorted[starts[k]] <- p
            starts[k] <- starts[k] + 1

        ArrayPool<int>.Shared.Return starts

    /// The number of nodes.
    member _.Count = n

    /// The node of a number.
    member _.Node(k: int) = found[k]

    /// The numbers of the nodes in the graph's order, the root last (a pooled array: only the first
    /// Count are the graph's).
    member _.Order = order

    /// The number of each node's first operand, or -1.
    member _.First = first

    /// The number of each node's second child, or -1.
    member _.Second = second

    /// The number of leaves (constants and variables), which come first in the order.
    member _.Leaves = leaves

    /// The number of a node of the graph, if it is one.
    member _.TryNumberOf(e: Expr) =
        match numberOf e with
        | k when k >= 0 && obj.ReferenceEquals(found[k], e) -> ValueSome k
        | _ -> ValueNone

    /// Gives the arrays back to the pool.
    member _.Release() =
        found.Return()

        for rented in [| window; first; second; order |] do
            ArrayPool<int>.Shared.Return rented

/// <summary>
/// Derivatives as expressions: the reverse sweep run over the graph to build new nodes instead
/// of numbers. The result is an ordinary <see cref="T:Backprop.Functional.Expr"/> that shares
/// the original's nodes — one new node or two per adjoint contribution, so its size is linear in
/// the original's — and that evaluates, compiles, prints and is differentiated again. Every
/// primitive's derivative comes from the operations table, with the kink conventions of the
/// numeric sweeps (<c>relu'(0) = 0</c>; max and min send the adjoint to the second operand on a
/// tie) at every order.
/// </summary>
[<RequireQualifiedAccess>]
module Derivative =

    let private algebra = SimplifyingAlgebra() :> IAlgebra<Expr>

    /// <summary>
    /// The symbolic reverse sweep: the adjoint of every node of the root's graph, as expressions
    /// (null for nodes the root's derivative does not reach), by the nodes' numbers, in a pooled
    /// array (only the first <c>nodes.Count</c> are the graph's). Iterative: one pass, last node
    /// first. The caller releases the nodes and returns the array, cleared.
    /// </summary>
    let private adjoints (nodes: SweepOrder) : Expr[] =
        let n = nodes.Count
        let order = nodes.Order
        let first = nodes.First
        let second = nodes.Second
        let adjoint = ArrayPool<Expr>.Shared.Rent n
        System.Array.Clear(adjoint, 0, n)
        adjoint[order[n - 1]] <- algebra.Constant 1.0

        let inline accumulate (k: int) (contribution: Expr) =
            let earlier = adjoint[k]

            adjoint[k] <-
                if isNull (box earlier) then
                    contribution
                else
                    algebra.Apply(Operation.add, earlier, contribution)

        for i in n - 1 .. -1 .. 0 do
            let k = order[i]
            let g = adjoint[k]

            if not (isNull (box g)) then
                let node = nodes.Node k
                let struct (operation, a, b) = node.View

                if operation.Arity > 0 then
                    let struct (toA, toB) = operation.Derivative.Adjoints(algebra, a, b, node, g)
                    accumulate first[k] toA

                    if operation.Arity > 1 then
                        accumulate second[k] toB

        adjoint

    /// <summary>
    /// d(root)/d(variable) for each name, as expressions sharing the root's nodes; the constant
    /// 0 for a name the root does not use. O(nodes of the root), iterative at any depth.
    /// </summary>
    [<CompiledName("Gradient")>]
    let gradient (variables: string list) (root: Expr) : Expr list =
        let nodes = SweepOrder root
        let adjoint = adjoints nodes
        let byName = Dictionary<string, Expr>()

        // A name may stand in several variable nodes: its derivative is the sum of theirs, in the
        // graph's order. Variables are leaves, which come first.
        for i in 0 .. nodes.Leaves - 1 do
            let k = nodes.Order[i]

            match (nodes.Node k).Node with
            | Var name when not (isNull (box adjoint[k])) ->
                byName[name] <-
                    match byName.TryGetValue name with
                    | true, earlier -> algebra.Apply(Operation.add, earlier, adjoint[k])
                    | _ -> adjoint[k]
            | _ -> ()

        ArrayPool<Expr>.Shared.Return(adjoint, true)
        nodes.Release()

        [
            for name in variables ->
                match byName.TryGetValue name with
                | true, d -> d
                | _ -> algebra.Constant 0.0
        ]

    /// <summary>
    /// The derivative of <paramref name="root"/> with respect to the node <paramref name="node"/>
    /// of its graph (any node, named or not), as an expression; the constant 0 if the root does
    /// not depend on it.
    /// </summary>
    [<CompiledName("OfNode")>]
    let ofNode (node: Expr) (root: Expr) : Expr =
        let nodes = SweepOrder root
        let adjoint = adjoints nodes

        let d =
            match nodes.TryNumberOf node with
            | ValueSome k when not (isNull (box adjoint[k])) -> adjoint[k]
            | _ -> Unchecked.defaultof<Expr>

        ArrayPool<Expr>.Shared.Return(adjoint, true)
        nodes.Release()
        if isNull (box d) then algebra.Constant 0.0 else d

    /// <summary>
    /// The matrix of second derivatives <c>H[i, j] = d²(root)/d(variables[i]) d(variables[j])</c>,
    /// as expressions: the gradient differentiated again, one symbolic sweep per variable.
    /// </summary>
    [<CompiledName("Hessian")>]
    let hessian (variables: string list) (root: Expr) : Expr[,] =
        let first = gradient variables root |> Array.ofList
        let rows = first |> Array.map (gradient variables >> Array.ofList)
        Array2D.init first.Length first.Length (fun i j -> rows[i][j])

    /// <summary>
    /// The Hessian times a vector, <c>H·v</c>, as expressions, in time and size linear in the
    /// root's graph: the gradient of <c>∇f·v</c>, not n gradients.
    /// </summary>
    [<CompiledName("HessianVectorProduct")>]
    let hessianVectorProduct (variables: string list) (v: float list) (root: Expr) : Expr list =
        if List.length v <> List.length variables then
            invalidArg
                (nameof v)
                $"The vector has {List.length v} elements; there are {List.length variables} variables."

        let directional =
            List.map2
                (fun d (vi: float) -> algebra.Apply(Operation.mul, d, algebra.Constant vi))
                (gradient variables root)
                v
            |> List.reduce (fun total term -> algebra.Apply(Operation.add, total, term))

        gradient variables directional

    /// <summary>
    /// The Jacobian <c>J[k, j] = d(outputs[k])/d(variables[j])</c>, as expressions: one reverse
    /// sweep per output (outputs are usually fewer than inputs).
    /// </summary>
    [<CompiledName("Jacobian")>]
    let jacobian (variables: string list) (outputs: Expr list) : Expr[,] =
        let rows = outputs |> List.map (gradient variables >> Array.ofList) |> Array.ofList
        Array2D.init rows.Length (List.length variables) (fun k j -> rows[k][j])

    /// <summary>
    /// Forward mode: the directional derivative of each output along <paramref name="direction"/>
    /// (a number per variable; variables not named move by 0), <c>J·v</c>, as expressions. One
    /// sweep forward over the outputs' graph, each node's tangent built from its operands'
    /// tangents through the same derivative rules the reverse sweep uses. Cheaper than the
    /// reverse sweep when outputs outnumber the variables that move.
    /// </summary>
    [<CompiledName("DirectionalDerivative")>]
    let jvp (direction: (string * float) list) (outputs: Expr list) : Expr list =
        match outputs with
        | [] -> []
        | first :: _ ->
            let speeds = dict direction
            let graph = Graph.ofRoots first outputs
            let nodes = graph.NodeArray
            // null: a tangent of 0, which needs no node.
            let tangent = Array.zeroCreate<Expr> nodes.Length

            let tangentOf (child: Expr) =
                if isNull (box child) then
                    Unchecked.defaultof<Expr>
                else
                    tangent[(graph.TryIndexOf child).Value]

            for i in 0 .. nodes.Length - 1 do
                let node = nodes[i]
                let struct (operation, a, b) = node.View

                match node.Node with
                | Var name ->
                    match speeds.TryGetValue name with
                    | true, speed when speed <> 0.0 -> tangent[i] <- algebra.Constant speed
                    | _ -> ()
                | _ when operation.Arity > 0 ->
                    let ta = tangentOf a

                    let tb =
                        if operation.Arity > 1 then
                            tangentOf b
                        else
                            Unchecked.defaultof<Expr>

                    let rule = operation.Derivative
                    // The rule gives (g·∂y/∂a, g·∂y/∂b); with g the operand's tangent, its first
                    // (or second) part is that operand's share of the node's tangent.
                    let fromA =
                        if isNull (box ta) then
                            Unchecked.defaultof<Expr>
                        else
                            let struct (share, _) = rule.Adjoints(algebra, a, b, node, ta)
                            share

                    let fromB =
                        if isNull (box tb) then
                            Unchecked.defaultof<Expr>
                        else
                            let struct (_, share) = rule.Adjoints(algebra, a, b, node, tb)
                            share

                    tangent[i] <-
                        if isNull (box fromA) then fromB
                        elif isNull (box fromB) then fromA
                        else algebra.Apply(Operation.add, fromA, fromB)
                | _ -> ()

            [
                for output in outputs ->
                    let t = tangentOf output
                    if isNull (box t) then algebra.Constant 0.0 else t
            ]

    /// <summary>
    /// The values of several expressions at one point, from one tape of all of them (each shared
    /// node computed once). Raises <see cref="T:Backprop.Functional.UnboundVariableException"/>
    /// for a variable with no value.
    /// </summary>
    [<CompiledName("Evaluate")>]
    let evaluate (bindings: IReadOnlyDictionary<string, float>) (expressions: Expr seq) : float[] =
        let expressions = Array.ofSeq expressions

        if expressions.Length = 0 then
            [||]
        else
            let tape = Tape.compileRoots expressions[0] expressions
            let values = Array.zeroCreate<float> tape.Length

            tape.Forward(System.ReadOnlySpan(tape.Inputs bindings), System.Span values)
            |> ignore

            expressions |> Array.map (fun e -> values[(tape.TryIndexOf e).Value])
