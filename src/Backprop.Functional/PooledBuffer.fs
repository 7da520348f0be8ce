namespace Backprop.Functional

open System.Buffers
open System.Runtime.CompilerServices
open System.Runtime.InteropServices

/// <summary>
/// A growable array on loan from the shared pool, for the temporaries of one traversal. Large
/// temporaries allocated afresh each time land on the large-object heap and trigger full
/// collections, which then walk every live expression node; renting avoids that churn.
/// </summary>
[<Sealed>]
type internal PooledBuffer<'T>(initialCapacity: int) =
    let mutable items: 'T[] = ArrayPool<'T>.Shared.Rent(max 16 initialCapacity)
    let mutable count = 0

    member _.Count = count

    member _.Item
        with get (i: int) = items[i]
        and set (i: int) (value: 'T) = items[i] <- value

    member _.Add(item: 'T) =
        if count = items.Length then
            let grown = ArrayPool<'T>.Shared.Rent(items.Length * 2)
            System.Array.Copy(items, grown, count)
            ArrayPool<'T>.Shared.Return(items, true)
            items <- grown

        // In range by the check above. Written through a reference, not an array store: for a
        // reference type, shared generic code checks every store's type against the array's
        // (covariance), which was a tenth of a one-shot gradient on a big graph.
        Unsafe.Add(&MemoryMarshal.GetArrayDataReference items, count) <- item
        count <- count + 1

    /// Gives the array back to the pool, cleared so that it keeps no node alive.
    member _.Return() =
        ArrayPool<'T>.Shared.Return(items, true)
        items <- Array.empty
        count <- 0
