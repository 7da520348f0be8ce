namespace Backprop.Fluent;

/// <summary>Writes names into error messages, so a message can say what would have been valid.</summary>
internal static class NameList
{
    /// <summary>The names quoted and sorted, e.g. <c>'a', 'b'</c>; <c>(none)</c> when empty.</summary>
    internal static string Format(IEnumerable<string> names)
    {
        var sorted = names.Order(StringComparer.Ordinal).Select(name => $"'{name}'").ToArray();
        return sorted.Length == 0 ? "(none)" : string.Join(", ", sorted);
    }
}
