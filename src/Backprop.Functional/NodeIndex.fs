namespace Backprop.Functional

open System.Collections.Generic

/// <summary>
/// A map from the nodes of one graph (by <c>Expr.Id</c>) to small integers, without hashing in
/// the common case. Every node of a graph has an id no greater than its root's, and most of a
/// graph's nodes were built together, so their ids sit in a window just below the root's: those
/// live in an int array indexed by <c>root.Id - id</c>. Ids far below the window (a parameter built
/// long before the rest, say) live in a dictionary, so memory stays linear in the node count.
/// </summary>
/// <remarks>
/// Invariant: an id whose offset is inside the array is only ever in the array; any other id is
/// only ever in the dictionary. When the array grows, the dictionary's entries that it now covers
/// move into it, so each entry moves at most once.
/// </remarks>
[<Sealed>]
type internal NodeIndex(rootId: int64) =
    // Stored values are offset by 2 so that the array's zeros mean "absent".
    static let absent = -2
    let mutable dense: int[] = Array.zeroCreate 256
    let mutable sparse: Dictionary<int64, int> = null
    let mutable count = 0

    /// The array may span up to 8 slots per node stored so far (and 8,192 in any case).
    let limit () = 8L * int64 (count + 1024)

    let grow (offset: int64) =
        let length = min (limit ()) (max (int64 dense.Length * 2L) (offset + 1L))
        let grown = Array.zeroCreate (int length)
        dense.CopyTo(grown, 0)
        dense <- grown

        if not (isNull sparse) then
            let covered = [|
                for entry in sparse do
                    if rootId - entry.Key < length then
                        entry
            |]

            for entry in covered do
                sparse.Remove entry.Key |> ignore
                dense[int (rootId - entry.Key)] <- entry.Value + 2

    /// The value stored for an id, or -2 when none is.
    member _.Get(id: int64) =
        let offset = rootId - id

        if offset >= 0L && offset < int64 dense.Length then
            dense[int offset] - 2
        elif isNull sparse then
            absent
        else
            match sparse.TryGetValue id with
            | true, value -> value
            | _ -> absent

    /// Stores a value (≥ -1) for an id no greater than the root's.
    member _.Set(id: int64, value: int) =
        let offset = rootId - id

        if offset >= int64 dense.Length && offset < limit () then
            grow offset

        if offset < int64 dense.Length then
            let slot = int offset

            if dense[slot] = 0 then
                count <- count + 1

            dense[slot] <- value + 2
        else
            if isNull sparse then
                sparse <- Dictionary<int64, int>()

            if sparse.TryAdd(id, value) then
                count <- count + 1
            else
                sparse[id] <- value
