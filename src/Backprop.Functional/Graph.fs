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
        // Reachable nodes, newest first: a reverse topological order, found without a stack.
        let found = PooledBuffer<Expr>(1024)
        Reachable.collect root found
        let n = found.Count
        let index = NodeIndex(root.Id)

        // Position k in found order, set newest first so the index fills its window in order.
        for k in 0 .. n - 1 do
            index.Set(found[k].Id, k)

        // Level of each node (leaves 0, others one more than their deepest operand), oldest first
        // so that operands are done before their users.
        let levels = ArrayPool<int>.Shared.Rent n
        let kinds = ArrayPool<int>.Shared.Rent n
        let oldestFirst = ArrayPool<int>.Shared.Rent n

        for k in n - 1 .. -1 .. 0 do
            let node = found[k]

            levels[k] <-
                Reachable.foldOperands (fun level operand -> max level (1 + levels[index.Get operand.Id])) 0 node

            kinds[k] <- node.Operation.Ordinal
            oldestFirst[n - 1 - k] <- k

        // Reorder by (level, kind): a level's nodes depend only on lower levels, so any order
        // within a level is topological, and grouping by kind gives the sweeps long uniform runs.
        let byKind = ArrayPool<int>.Shared.Rent n
        let byLevel = ArrayPool<int>.Shared.Rent n
        countingSort kinds Operation.Count n oldestFirst byKind
        countingSort levels (levels[0] + 1) n byKind byLevel
        let nodes = Array.zeroCreate n
        let positionOf = kinds // reused: kinds are no longer needed

        for i in 0 .. n - 1 do
            nodes[i] <- found[byLevel[i]]
            positionOf[byLevel[i]] <- i

        for k in 0 .. n - 1 do
            index.Set(found[k].Id, positionOf[k])

        for rented in [ levels; kinds; oldestFirst; byKind; byLevel ] do
            ArrayPool<int>.Shared.Return rented

        found.Return()
        Graph(nodes, index)
