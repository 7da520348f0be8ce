namespace Backprop.Functional.Learning

open Backprop.Functional

/// A fully connected layer: neurons that each see every input.
type Layer = {
    /// The neurons, in output order.
    Neurons: Neuron list
}

/// Creating and applying layers.
[<RequireQualifiedAccess>]
module Layer =

    /// <summary>
    /// A layer of <paramref name="outputs"/> neurons of <paramref name="inputs"/> inputs each,
    /// neuron j's parameters named <c>{prefix}.n{j}.w{i}</c> and <c>{prefix}.n{j}.b</c>.
    /// </summary>
    let create (prefix: string) (inputs: int) (outputs: int) (activation: Activation) : Layer =
        if outputs < 1 then
            invalidArg (nameof outputs) $"A layer needs at least one neuron; {outputs} were asked for."

        {
            Neurons = List.init outputs (fun j -> Neuron.create $"{prefix}.n{j}" inputs activation)
        }

    /// The layer's outputs for input expressions, one per neuron.
    let apply (layer: Layer) (inputs: Expr list) : Expr list =
        layer.Neurons |> List.map (fun neuron -> Neuron.apply neuron inputs)

    /// The layer's parameter variables, neuron by neuron.
    let parameters (layer: Layer) : Expr list =
        layer.Neurons |> List.collect Neuron.parameters
