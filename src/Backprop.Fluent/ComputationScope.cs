using System.Collections.Immutable;

namespace Backprop.Fluent;

/// <summary>
/// What a step's definition can refer to: the inputs, parameters and steps declared before it,
/// by name. Handed to the functions given to <see cref="ComputationBuilder.WithStep(string, Func{ComputationScope, Value})"/>.
/// </summary>
public sealed class ComputationScope
{
    private readonly ImmutableDictionary<string, Declaration> declared;

    internal ComputationScope(ImmutableDictionary<string, Declaration> declared) => this.declared = declared;

    /// <summary>The value of a declared input, parameter or step.</summary>
    /// <param name="name">A name declared earlier in the builder.</param>
    /// <exception cref="KeyNotFoundException">Nothing of that name was declared before this step.</exception>
    public Value this[string name] =>
        declared.TryGetValue(Guard.NotNull(name), out var declaration)
            ? declaration.Value
            : throw new KeyNotFoundException(
                $"'{name}' is not declared before this step; declared so far: {NameList.Format(declared.Keys)}.");

    /// <summary>The names that can be referred to, in no particular order.</summary>
    public IEnumerable<string> Names => declared.Keys;
}
