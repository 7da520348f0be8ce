namespace Backprop.Functional

open System.Buffers
open System.Runtime.CompilerServices
open System.Runtime.InteropServices
open System.Collections.Generic

/// <summary>
/// The distinct nodes of an expression in topological order: every node after its operands,
/// the root (the output) last. A graph may have other roots too, evaluated with the output but
/// not differentiated: their nodes come after the output's. This is the one traversal of the expression DAG; everything that sweeps
/// (evaluation, gradients, rendering) starts from it.
/// </summary>
/// <remarks>
/// The order is by level (a leaf has level 0, any other node one more than its deepest operand),
/// and within a level by operation, so that sweeps meet long runs of the same operation.
/// </remarks>
[<Sealed>]
type Graph internal (nodes: Expr[], index: NodeIndex, outputCount: int) =

    /// The distinct nodes, operands before the nodes that use them; the output's graph first.
    member _.Nodes: IReadOnlyList<Expr> = nodes

    /// The number of distinct nodes.
    member _.Count = nodes.Length

    /// <summary>
    /// The number of nodes in the output's graph, which are the first ones; the output is the
    /// last of them. All of <see cref="P:Backprop.Functional.Graph.Count"/> unless the graph has
    /// other roots (<c>Graph.ofRoots</c>).
    /// </summary>
    member _.OutputCount = outputCount

    /// The output: the root whose gradient the sweeps take.
    member _.Root = nodes[outputCount - 1]

    /// The map from node ids to positions, which a tape keeps without the nodes themselves.
    member internal _.Index = index

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

    /// The level of a child among the found nodes; -1 for none, or for one outside them.
    let inline private levelOf (index: NodeIndex) (levels: int[]) (child: Expr) =
        if isNull (box child) then
            -1
        else
            match index.Get child.Id with
            | position when position >= 0 -> levels[position]
            | _ -> -1

    /// <summary>
    /// Puts the nodes of <paramref name="found"/> (newest first, every operand either among them
    /// or not in <paramref name="index"/>) in order by (level, operation) into
    /// <paramref name="nodes"/> from <paramref name="start"/> on, and leaves each one's final
    /// position in <paramref name="index"/>. Operands outside them count as level 0.
    /// </summary>
    let private arrange (found: PooledBuffer<Expr>) (index: NodeIndex) (nodes: Expr[]) (start: int) =
        let n = found.Count

        // Position k in found order, set newest first so the index fills its window in order.
        for k in 0 .. n - 1 do
            index.Set(found[k].Id, k)

        // Level of each node (leaves 0, others one more than their deepest operand), oldest first
        // so that operands are done before their users.
        let levels = ArrayPool<int>.Shared.Rent n
        let kinds = ArrayPool<int>.Shared.Rent n
        let oldestFirst = ArrayPool<int>.Shared.Rent n
        let mutable deepest = 0

        for k in n - 1 .. -1 .. 0 do
            let node = found[k]

            let struct (operation, a, b) = node.View
            let level = 1 + max (levelOf index levels a) (levelOf index levels b)
            levels[k] <- level
            deepest <- max deepest level
            kinds[k] <- operation.Ordinal
            oldestFirst[n - 1 - k] <- k

        // Reorder by (level, kind): a level's nodes depend only on lower levels, so any order
        // within a level is topological, and grouping by kind gives the sweeps long uniform runs.
        let byKind = ArrayPool<int>.Shared.Rent n
        let byLevel = ArrayPool<int>.Shared.Rent n
        countingSort kinds Operation.Count n oldestFirst byKind
        countingSort levels (deepest + 1) n byKind byLevel

        // Through a reference: an array store of a reference is type-checked by a call (a tenth
        // of a one-shot gradient on a big graph). So the range is checked once, here.
        if start < 0 || start + n > nodes.Length then
            invalidOp "The graph's node array is too short."

        let target = &MemoryMarshal.GetArrayDataReference nodes

        for i in 0 .. n - 1 do
            let node = found[byLevel[i]]
            Unsafe.Add(&target, start + i) <- node
            index.Set(node.Id, start + i)

        for rented in [ levels; kinds; oldestFirst; byKind; byLevel ] do
            ArrayPool<int>.Shared.Return rented

    /// <summary>
    /// The distinct nodes reachable from <paramref name="root"/>, each once, in topological order.
    /// O(nodes + edges) time and memory; iterative, so depth is bounded only by memory.
    /// </summary>
    [<CompiledName("OfExpr")>]
    let ofExpr (root: Expr) : Graph =
        // Reachable nodes, newest first: a reverse topological order, found without a stack.
        let found = PooledBuffer<Expr>(1024)
        Reachable.collect root found
        let nodes = Array.zeroCreate found.Count
        let index = NodeIndex(root.Id)
        arrange found index nodes 0
        found.Return()
        Graph(nodes, index, nodes.Length)

    /// <summary>
    /// The distinct nodes reachable from <paramref name="output"/> or from any of
    /// <paramref name="others"/>, each once, in topological order, in two parts: first exactly
    /// the graph of <paramref name="output"/> alone, in the order <c>ofExpr</c> gives it (so its
    /// sweeps give the same bits), then the nodes only the others reach. O(nodes + edges).
    /// </summary>
    [<CompiledName("OfRoots")>]
    let ofRoots (output: Expr) (others: Expr seq) : Graph =
        let others = Array.ofSeq others

        if others |> Array.exists (fun e -> isNull (box e)) then
            nullArg (nameof others)

        let first = ofExpr output
        let inOutput (e: Expr) = (first.TryIndexOf e).IsSome
        let found = PooledBuffer<Expr>(1024)
        Reachable.collectUnknown others inOutput found

        if found.Count = 0 then
            found.Return()
            first
        else
            let newest = Array.fold (fun newest (e: Expr) -> max newest e.Id) output.Id others
            let index = NodeIndex(newest)
            let nodes = Array.zeroCreate (first.Count + found.Count)
            arrange found index nodes first.Count
            found.Return()

            for i in 0 .. first.Count - 1 do
                nodes[i] <- first.NodeArray[i]
                index.Set(nodes[i].Id, i)

            Graph(nodes, index, first.Count)
