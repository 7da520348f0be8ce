using Microsoft.FSharp.Collections;

namespace Backprop.Fluent.Tests;

/// <summary>
/// Pins the facade's public surface to a committed baseline, and keeps every F# type out of it.
/// When the surface changes on purpose, copy <c>PublicSurface.actual.txt</c> from the test output
/// folder over <c>PublicSurface.baseline.txt</c> and review the diff.
/// </summary>
public class PublicSurfaceTests
{
    private static readonly System.Reflection.Assembly Facade = typeof(Value).Assembly;

    [Fact]
    public void The_public_surface_matches_the_committed_baseline()
    {
        var actual = PublicSurface.Describe(Facade);
        var baselinePath = Path.Combine(AppContext.BaseDirectory, "PublicSurface.baseline.txt");
        var baseline = File.ReadAllText(baselinePath).Replace("\r\n", "\n", StringComparison.Ordinal);

        if (actual != baseline)
        {
            var actualPath = Path.Combine(AppContext.BaseDirectory, "PublicSurface.actual.txt");
            File.WriteAllText(actualPath, actual);
            var expectedLines = baseline.Split('\n').ToHashSet(StringComparer.Ordinal);
            var actualLines = actual.Split('\n').ToHashSet(StringComparer.Ordinal);
            var added = actualLines.Except(expectedLines).Select(line => "+ " + line);
            var removed = expectedLines.Except(actualLines).Select(line => "- " + line);
            Assert.Fail(
                "The public surface changed. If that is intended, copy " + actualPath +
                " over tests/Backprop.Fluent.Tests/PublicSurface.baseline.txt.\n" + string.Join('\n', removed.Concat(added)));
        }
    }

    [Fact]
    public void No_FSharp_type_or_tuple_appears_in_the_public_surface()
    {
        var leaks = PublicSurface.FSharpLeaks(Facade.GetExportedTypes());

        Assert.True(leaks.Count == 0, "F# types in the C# facade's public surface:\n" + string.Join('\n', leaks));
    }

    [Fact]
    public void The_leak_check_names_an_FSharp_list_a_tuple_and_a_core_union_when_they_leak()
    {
        var leaks = PublicSurface.FSharpLeaks([typeof(LeakyExample)]);

        Assert.Contains(leaks, leak => leak.Contains("Microsoft.FSharp.Collections.FSharpList<System.Double>", StringComparison.Ordinal));
        Assert.Contains(leaks, leak => leak.Contains("System.Tuple<System.String, System.Double>", StringComparison.Ordinal));
        Assert.Contains(leaks, leak => leak.Contains("Backprop.Functional.Node", StringComparison.Ordinal));
        Assert.Contains(leaks, leak => leak.Contains("Microsoft.FSharp.Core.FSharpFunc<System.Double, System.Double>", StringComparison.Ordinal));
    }

    [Fact]
    public void The_facade_assembly_is_CLS_compliant()
    {
        var attribute = Facade.GetCustomAttributes(typeof(CLSCompliantAttribute), inherit: false).Cast<CLSCompliantAttribute>().Single();

        Assert.True(attribute.IsCompliant);
    }

    /// <summary>A deliberately leaky type, to show the check finds what it is for.</summary>
    public sealed class LeakyExample
    {
        /// <summary>Leaks an F# list.</summary>
        public FSharpList<double> Values => FSharpList<double>.Empty;

        /// <summary>Leaks a tuple.</summary>
        public Tuple<string, double> Pair() => Tuple.Create("a", 1.0);

        /// <summary>Leaks the core's union.</summary>
        public Backprop.Functional.Node? Node { get; }

        /// <summary>Leaks an F# function.</summary>
        public void Apply(Microsoft.FSharp.Core.FSharpFunc<double, double> function) => _ = function;
    }
}
