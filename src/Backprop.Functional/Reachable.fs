namespace Backprop.Functional

open System.Buffers
open System.Collections.Generic
open System.Runtime.CompilerServices
open System.Runtime.InteropServices

/// <summary>
/// The nodes reachable from a root, each once, in decreasing id order — which is a reverse
/// topological order, since a node's operands are always older (smaller ids) than the node.
/// </summary>
/// <remarks>
/// No stack and no recursion: a node is found when a user marks it, and visited when a sweep over
/// offsets (<c>root.Id - id</c>, increasing) reaches it. Most nodes sit in a window of offsets
/// just below the root's id and are marked in an array; nodes far below it (built long before the
/// rest) wait in a priority queue and are visited after the window, largest id first. The window
/// spans at most 8 slots per node found so far, so memory stays linear in the node count.
/// </remarks>
module internal Reachable =

    /// Folds <paramref name="folder"/> over the children of a node, first operand first.
    let inline foldOperands ([<InlineIfLambda>] folder: 'State -> Expr -> 'State) (state: 'State) (node: Expr) =
        let struct (_, a, b) = node.View

        if isNull (box a) then state
        elif isNull (box b) then folder state a
        else folder (folder state a) b

    /// Calls <paramref name="visit"/> with each operand of a node.
    let inline iterOperands (node: Expr) ([<InlineIfLambda>] visit: Expr -> unit) =
        foldOperands (fun () operand -> visit operand) () node

    /// The marks of one collection: a window of offsets below the root's id, and the far nodes.
    [<Sealed>]
    type internal Marks(rootId: int64) =
        let mutable window: Expr[] = ArrayPool<Expr>.Shared.Rent 1024
        do System.Array.Clear window
        let far = Dictionary<int64, Expr>()
        let farQueue = PriorityQueue<Expr, int64>()
        let mutable marked = 0
        let mutable lastMarked = 0L

        let limit () = 8L * int64 (marked + 1024)

        let grow (offset: int64) =
            let length = int (min (limit ()) (max (int64 window.Length * 2L) (offset + 1L)))
            let grown = ArrayPool<Expr>.Shared.Rent length
            System.Array.Clear grown
            System.Array.Copy(window, grown, window.Length)
            ArrayPool<Expr>.Shared.Return(window, true)
            window <- grown

            // Far nodes the window now covers move into it; their queue entries become stale.
            if far.Count > 0 then
                let covered = [|
                    for entry in far do
                        if rootId - entry.Key < int64 window.Length then
                            entry.Value
                |]

                for node in covered do
                    far.Remove node.Id |> ignore
                    window[int (rootId - node.Id)] <- node
                    lastMarked <- max lastMarked (rootId - node.Id)

        /// The largest offset marked in the window so far.
        member _.LastMarked = lastMarked

        /// The node marked at an offset of the window, or null.
        member _.At(offset: int64) = window[int offset]

        member _.Mark(node: Expr) =
            let offset = rootId - node.Id

            if offset >= int64 window.Length && offset < limit () then
                grow offset

            if offset < int64 window.Length then
                let slot = int offset

                if isNull (box window[slot]) then
                    // In range, just checked; through a reference, as PooledBuffer.Add explains.
                    Unsafe.Add(&MemoryMarshal.GetArrayDataReference window, slot) <- node
                    marked <- marked + 1
                    lastMarked <- max lastMarked offset
            elif far.TryAdd(node.Id, node) then
                farQueue.Enqueue(node, -node.Id)
                marked <- marked + 1

        /// The far node with the largest id, if any is left (stale queue entries are skipped).
        member _.TryTakeFar(node: byref<Expr>) =
            let mutable found = false

            while not found && farQueue.Count > 0 do
                let candidate = farQueue.Dequeue()

                if far.Remove candidate.Id then
                    node <- candidate
                    found <- true

            found

        /// Marks a node as far without looking at the window (the operands of far nodes are far).
        member _.MarkFar(node: Expr) =
            if far.TryAdd(node.Id, node) then
                farQueue.Enqueue(node, -node.Id)

        member _.Release() =
            ArrayPool<Expr>.Shared.Return(window, true)

    /// <summary>
    /// Appends the nodes reachable from any of <paramref name="roots"/> to <paramref name="found"/>,
    /// largest id first, without entering the nodes <paramref name="known"/> accepts (nor
    /// reaching through them).
    /// </summary>
    let inline collectUnknown (roots: Expr[]) ([<InlineIfLambda>] known: Expr -> bool) (found: PooledBuffer<Expr>) =
        let marks = Marks(roots |> Array.fold (fun newest root -> max newest root.Id) 0L)

        for root in roots do
            if not (known root) then
                marks.Mark root

        let mutable offset = 0L

        while offset <= marks.LastMarked do
            let node = marks.At offset

            if not (isNull (box node)) then
                found.Add node

                iterOperands node (fun operand ->
                    if not (known operand) then
                        marks.Mark operand)

            offset <- offset + 1L

        marks.Release()

        // What is left is older than everything in the window; the queue gives it largest id first.
        // Operands of far nodes are older still, so they are far too.
        let mutable node = Unchecked.defaultof<Expr>

        while marks.TryTakeFar(&node) do
            found.Add node

            iterOperands node (fun operand ->
                if not (known operand) then
                    marks.MarkFar operand)

    /// Appends the nodes reachable from <paramref name="root"/> to <paramref name="found"/>, largest id first.
    let collect (root: Expr) (found: PooledBuffer<Expr>) =
        collectUnknown [| root |] (fun _ -> false) found
