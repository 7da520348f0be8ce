namespace Backprop.Functional

open System.Collections.Generic

/// <summary>Raised when an expression is evaluated without a value for one of its variables.</summary>
type UnboundVariableException(name: string) =
    inherit KeyNotFoundException($"The variable '{name}' has no value: bind it before evaluating.")

    /// The variable that has no value.
    member _.VariableName = name

/// <summary>
/// Values of variables by name. Any <c>IReadOnlyDictionary&lt;string, float&gt;</c> serves
/// (an F# <c>Map</c> is one); these helpers only make the common cases short.
/// </summary>
[<RequireQualifiedAccess>]
module Bindings =

    /// No variables bound.
    let empty: IReadOnlyDictionary<string, float> = Map.empty

    /// Bindings from name/value pairs; a later pair wins over an earlier one of the same name.
    let ofList (pairs: (string * float) list) : IReadOnlyDictionary<string, float> = Map.ofList pairs

    /// The value bound to <paramref name="name"/>, or <see cref="T:Backprop.Functional.UnboundVariableException"/>.
    let find (name: string) (bindings: IReadOnlyDictionary<string, float>) =
        match bindings.TryGetValue name with
        | true, value -> value
        | _ -> raise (UnboundVariableException name)
