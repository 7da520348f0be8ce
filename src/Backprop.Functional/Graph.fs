namespace Backprop.Functional

open System.Buffers
open System.Collections.Generic

/// <summary>
/// The distinct nodes of an expression in topological order: every node after its operands,
/// the root last. This is the one traversal of the expression DAG; everything that sweeps
/// (evaluation, gradients, rendering) starts from it.
/// </summary>
/// <remarks>
/// The order is by level (a leaf has level 0, any other node one more than its deepest operand),
/// and within a level by operation, so that sweeps meet long runs of the same operation.
/// </remarks>
[<Sealed>]
type Graph internal (nodes: Expr[], index: NodeIndex) =

    /// The distinct nodes, operands before the nodes that use them; the root is the last.
    member _.Nodes: IReadOnlyList<Expr> = nodes

    /// The number of distinct nodes.
    member _.Count = nodes.Length

    /// The root expression.
    member _.Root = nodes[nodes.Length - 1]

    /// <summary>The position of <paramref name="node"/> in <see cref="P:Backprop.Functional.Graph.Nodes"/>, if it is part of the graph. O(1).</summary>
    member _.TryIndexOf(node: Expr) =
        match index.Get node.Id with
        | i when i >= 0 && obj.ReferenceEquals(nodes[i], node) -> ValueSome i
        | _ -> ValueNone

    member internal _.NodeArray = nodes

/// Builds the graph of an expression.
[<RequireQualifiedAccess>]
module Graph =

    /// A small number per kind of operation, to group a level's nodes by operation.
    let private kind (e: Expr) =
        match e.Node with
        | Const _ -> 0
        | Var _ -> 1
        | Add _ -> 2
        | Mul _ -> 3
        | Pow _ -> 4
        | Exp _ -> 5
        | Log _ -> 6
        | Tanh _ -> 7
        | Sigmoid _ -> 8
        | Relu _ -> 9
        | Max _ -> 10
        | Min _ -> 11

    let private kindCount = 12

    /// Stable counting sort of positions[0..n-1] by keys[position] in [0, keyCount), into sorted.
    let private countingSort (keys: int[]) (keyCount: int) (n: int) (positions: int[]) (sorted: int[]) =
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

    /// <summary>
    /// The distinct nodes reachable from <paramref name="root"/>, each once, in topological order.
    /// O(nodes + edges) time and memory; iterative, so depth is bounded only by memory.
    /// </summary>
    [<CompiledName("OfExpr")>]
    let ofExpr (root: Expr) : Graph =
        let index = NodeIndex(root.Id)
        let order = PooledBuffer<Expr>(1024)
        let levels = PooledBuffer<int>(1024)
        let kinds = PooledBuffer<int>(1024)
        // Post-order depth-first search with an explicit stack. A node is entered once (the first
        // time it is popped) and emitted once, after all its operands were emitted. A node may sit
        // on the stack more than once, so the stack is bounded by the number of edges. An entered
        // node has index -1 until it is emitted.
        let stack = PooledBuffer<struct (Expr * bool)>(1024)
        stack.Add(struct (root, false))

        let push (operand: Expr) =
            if index.Get operand.Id = -2 then
                stack.Add(struct (operand, false))

        let levelOf (operand: Expr) = levels[index.Get operand.Id]

        while stack.Count > 0 do
            let struct (node, operandsDone) = stack.Pop()

            if operandsDone then
                let level =
                    match node.Node with
                    | Const _
                    | Var _ -> 0
                    | Exp x
                    | Log x
                    | Tanh x
                    | Sigmoid x
                    | Relu x -> 1 + levelOf x
                    | Add(a, b)
                    | Mul(a, b)
                    | Pow(a, b)
                    | Max(a, b)
                    | Min(a, b) -> 1 + max (levelOf a) (levelOf b)

                index.Set(node.Id, order.Count)
                order.Add node
                levels.Add level
                kinds.Add(kind node)
            elif index.Get node.Id = -2 then
                index.Set(node.Id, -1)
                stack.Add(struct (node, true))

                // The second operand is pushed first so that the first operand is emitted first.
                match node.Node with
                | Const _
                | Var _ -> ()
                | Exp x
                | Log x
                | Tanh x
                | Sigmoid x
                | Relu x -> push x
                | Add(a, b)
                | Mul(a, b)
                | Pow(a, b)
                | Max(a, b)
                | Min(a, b) ->
                    push b
                    push a

        // Reorder by (level, kind): a level's nodes depend only on lower levels, so any order
        // within a level is topological, and grouping by kind gives the sweeps long uniform runs.
        let n = order.Count
        let identity = ArrayPool<int>.Shared.Rent n
        let byKind = ArrayPool<int>.Shared.Rent n
        let byLevel = ArrayPool<int>.Shared.Rent n

        for i in 0 .. n - 1 do
            identity[i] <- i

        countingSort kinds.Items kindCount n identity byKind
        countingSort levels.Items (levels[n - 1] + 1) n byKind byLevel
        let nodes = Array.zeroCreate n

        for i in 0 .. n - 1 do
            let node = order[byLevel[i]]
            nodes[i] <- node
            index.Set(node.Id, i)

        for rented in [ identity; byKind; byLevel ] do
            ArrayPool<int>.Shared.Return rented

        order.Return()
        levels.Return()
        kinds.Return()
        stack.Return()
        Graph(nodes, index)
