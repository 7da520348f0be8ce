namespace Backprop.Functional

open System
open System.Collections.Generic

/// Forward evaluation of expressions (the forward sweep of a tape compiled for the occasion).
[<RequireQualifiedAccess>]
module Evaluate =

    /// <summary>
    /// The value of <paramref name="root"/> with its variables read from <paramref name="bindings"/>.
    /// O(nodes + edges): each shared node is computed once. Raises
    /// <see cref="T:Backprop.Functional.UnboundVariableException"/> for a variable with no value.
    /// </summary>
    [<CompiledName("Value")>]
    let value (bindings: IReadOnlyDictionary<string, float>) (root: Expr) : float =
        let tape = Tape.compile root
        let inputs = tape.Inputs bindings
        tape.Forward(ReadOnlySpan inputs, Span(Array.zeroCreate<float> tape.Length))
