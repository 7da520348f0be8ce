namespace Backprop.Functional.Learning

open Backprop.Functional

/// <summary>
/// One neuron: <c>activation(b + w₀·x₀ + w₁·x₁ + …)</c>, whose weights and bias are variables of
/// the core expressions. The neuron holds no numbers: the values of its parameters are bound when
/// an expression built from it is evaluated, so one compiled tape serves every training step.
/// </summary>
type Neuron = {
    /// One variable per input, in input order.
    Weights: Expr list
    /// The bias variable.
    Bias: Expr
    /// The non-linearity applied to the weighted sum.
    Activation: Activation
}

/// Creating and applying neurons.
[<RequireQualifiedAccess>]
module Neuron =

    /// <summary>
    /// A neuron of <paramref name="inputs"/> weights named <c>{prefix}.w0 …</c> and a bias named
    /// <c>{prefix}.b</c>.
    /// </summary>
    let create (prefix: string) (inputs: int) (activation: Activation) : Neuron =
        if inputs < 1 then
            invalidArg (nameof inputs) $"A neuron needs at least one input; {inputs} were asked for."

        {
            Weights = List.init inputs (fun i -> Expr.var $"{prefix}.w{i}")
            Bias = Expr.var $"{prefix}.b"
            Activation = activation
        }

    /// <summary>
    /// The neuron's output for input expressions: the bias plus the weighted inputs, summed left to
    /// right as micrograd does, then the activation. Builds 2 nodes per input plus 1 or 2.
    /// </summary>
    let apply (neuron: Neuron) (inputs: Expr list) : Expr =
        if List.length inputs <> List.length neuron.Weights then
            invalidArg
                (nameof inputs)
                $"The neuron has {List.length neuron.Weights} weights; {List.length inputs} inputs were given."

        List.fold2 (fun sum w x -> sum + w * x) neuron.Bias neuron.Weights inputs
        |> Activation.apply neuron.Activation

    /// The neuron's parameter variables: its weights in order, then its bias.
    let parameters (neuron: Neuron) : Expr list = neuron.Weights @ [ neuron.Bias ]
