namespace Backprop.Functional.Learning

open Backprop.Functional

/// The non-linearity a neuron applies to its weighted sum.
[<RequireQualifiedAccess>]
type Activation =
    /// Hyperbolic tangent, in (-1, 1).
    | Tanh
    /// <c>max(0, x)</c>, as micrograd's hidden layers use.
    | Relu
    /// Logistic sigmoid, in (0, 1).
    | Sigmoid
    /// The identity: the weighted sum itself (micrograd's output layer).
    | Linear

/// Applying, naming and parsing activations.
[<RequireQualifiedAccess>]
module Activation =

    /// The activation applied to an expression (<c>Linear</c> returns it unchanged).
    let apply (activation: Activation) (x: Expr) : Expr =
        match activation with
        | Activation.Tanh -> Expr.tanh x
        | Activation.Relu -> Expr.relu x
        | Activation.Sigmoid -> Expr.sigmoid x
        | Activation.Linear -> x

    /// The lower-case name used in files and on the command line: tanh, relu, sigmoid, linear.
    let name (activation: Activation) : string =
        match activation with
        | Activation.Tanh -> "tanh"
        | Activation.Relu -> "relu"
        | Activation.Sigmoid -> "sigmoid"
        | Activation.Linear -> "linear"

    /// Every activation, in the order the names are listed in messages.
    let all = [ Activation.Tanh; Activation.Relu; Activation.Sigmoid; Activation.Linear ]

    /// The activation of a name (case-insensitive), or a message listing the valid names.
    let parse (text: string) : Result<Activation, string> =
        let wanted = if isNull text then "" else text.Trim().ToLowerInvariant()

        match all |> List.tryFind (fun a -> name a = wanted) with
        | Some activation -> Ok activation
        | None ->
            let names = all |> List.map name |> String.concat ", "
            Error $"Unknown activation '{text}'; expected one of: {names}."
