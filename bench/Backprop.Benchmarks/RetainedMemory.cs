using System.Runtime.CompilerServices;
using Backprop.Functional;

namespace Backprop.Benchmarks;

/// <summary>
/// Bytes a compiled tape keeps alive once its expression is dropped, per node: the managed heap
/// after a full collection with the tape alone held, less the heap before the expression was
/// built; for a tape as compiled (which holds its graph, so the expression) and for the same tape
/// detached from its graph (<c>Tape.detach</c>).
/// <c>dotnet run -c Release --project bench/Backprop.Benchmarks -- retained</c>.
/// </summary>
public static class RetainedMemory
{
    public static void Run()
    {
        Console.WriteLine("| graph | nodes | tape | retained | B/node |");
        Console.WriteLine("|---|---:|---|---:|---:|");
        foreach (var (name, nodes) in new[] { ("random (tanh20)", 100_000), ("random (tanh20)", 1_000_000), ("chain", 100_000), ("chain", 1_000_000) })
        {
            foreach (var detach in new[] { false, true })
            {
                // The first measurement of each also pays for the runtime's first-use allocations.
                Measure(name, nodes, detach);
                var (length, retained) = Measure(name, nodes, detach);
                var kind = detach ? "detached (`Tape.detach`)" : "as compiled";
                Console.WriteLine($"| {name} | {length:N0} | {kind} | {retained / 1e6:F1} MB | {(double)retained / length:F1} |");
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (int Length, long Retained) Measure(string name, int nodes, bool detach)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var tape = Compile(name, nodes, detach);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(tape);
        return (tape.Length, after - before);
    }

    /// <summary>Builds and compiles in a frame of its own, so that nothing but the tape outlives it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Tape Compile(string name, int nodes, bool detach)
    {
        var tape = TapeModule.Compile(name == "chain" ? Graphs.Chain(nodes) : Graphs.RandomDag(nodes, tanhShare: 0.2));
        return detach ? TapeModule.Detach(tape) : tape;
    }
}
