namespace Backprop.Functional

open System.Collections.Generic

/// <summary>
/// A map from the nodes of one graph (by <c>Expr.Id</c>) to small integers, without hashing in
/// the common case. Every node of a graph has an id no greater than its root's, and a graph built
/// in one go has nearly consecutive ids, so a window of ids below the root's, kept in an int array,
/// serves. Should the ids spread far wider than the number of nodes (a few old nodes mixed with
/// many new ones), the index moves to a dictionary, so memory stays linear in the node count.
/// </summary>
[<Sealed>]
type internal NodeIndex(rootId: int64) =
    // Stored values are offset by 2 so that the array's zeros mean "absent".
    static let absent = -2
    let mutable dense: int[] = Array.zeroCreate 256
    let mutable sparse: Dictionary<int64, int> = null
    let mutable count = 0

    let moveToDictionary () =
        let d = Dictionary<int64, int>(count * 2)

        for offset in 0 .. dense.Length - 1 do
            if dense[offset] <> 0 then
                d.Add(rootId - int64 offset, dense[offset] - 2)

        sparse <- d
        dense <- null

    /// The value stored for an id, or -2 when none is.
    member _.Get(id: int64) =
        if isNull sparse then
            let offset = rootId - id

            if offset >= 0L && offset < int64 dense.Length then
                dense[int offset] - 2
            else
                absent
        else
            match sparse.TryGetValue id with
            | true, value -> value
            | _ -> absent

    /// Stores a value (≥ -1) for an id no greater than the root's.
    member _.Set(id: int64, value: int) =
        if isNull sparse then
            let offset = rootId - id

            if offset >= int64 dense.Length then
                let wanted = max (int64 dense.Length * 2L) (offset + 1L)

                if wanted > 8L * int64 (count + 1024) then
                    moveToDictionary ()
                else
                    let grown = Array.zeroCreate (int wanted)
                    dense.CopyTo(grown, 0)
                    dense <- grown

        if isNull sparse then
            let slot = int (rootId - id)

            if dense[slot] = 0 then
                count <- count + 1

            dense[slot] <- value + 2
        else
            sparse[id] <- value
            count <- sparse.Count
