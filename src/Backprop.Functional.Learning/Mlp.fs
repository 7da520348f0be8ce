namespace Backprop.Functional.Learning

open Backprop.Functional

/// <summary>
/// The shape of a multi-layer perceptron: how many inputs, the size of each layer (the last is
/// the output layer), and the activations of the hidden layers and of the output layer.
/// <c>{ Inputs = 2; Sizes = [16; 16; 1]; Hidden = Relu; Output = Linear }</c> is micrograd's
/// <c>MLP(2, [16, 16, 1])</c>.
/// </summary>
type MlpShape = {
    /// The number of input features.
    Inputs: int
    /// The number of neurons in each layer, the output layer last.
    Sizes: int list
    /// The activation of every layer but the last.
    Hidden: Activation
    /// The activation of the last layer.
    Output: Activation
}

/// A multi-layer perceptron built from core expressions; its parameters are variables.
type Mlp = {
    /// The shape the network was built from.
    Shape: MlpShape
    /// The layers, input side first.
    Layers: Layer list
}

/// Creating, applying and initialising multi-layer perceptrons.
[<RequireQualifiedAccess>]
module Mlp =

    /// <summary>
    /// The most parameters a network may have: each parameter costs a few expression nodes
    /// (a few hundred bytes), so this bounds a network's graph to a few hundred megabytes.
    /// </summary>
    [<Literal>]
    let MaxParameters = 1_000_000

    /// The number of parameters (weights and biases) of a shape, without building it.
    let parameterCount (shape: MlpShape) : int64 =
        List.pairwise (shape.Inputs :: shape.Sizes)
        |> List.sumBy (fun (fanIn, size) -> (int64 fanIn + 1L) * int64 size)

    /// The problems with a shape, as messages; empty when it can be built.
    let validate (shape: MlpShape) : string list = [
        if shape.Inputs < 1 then
            $"A network needs at least one input; it has {shape.Inputs}."
        if List.isEmpty shape.Sizes then
            "A network needs at least one layer (the output layer)."
        for size in shape.Sizes do
            if size < 1 then
                $"Every layer needs at least one neuron; a size of {size} was given."
        let count = parameterCount shape

        if count > int64 MaxParameters then
            $"The network would have {count} parameters; at most {MaxParameters} are supported."
    ]

    /// <summary>
    /// The network of a shape. Layer l's neuron j has parameters named <c>l{l}.n{j}.w{i}</c> and
    /// <c>l{l}.n{j}.b</c>. Raises <c>ArgumentException</c> with the problems of an invalid shape.
    /// </summary>
    let create (shape: MlpShape) : Mlp =
        match validate shape with
        | [] -> ()
        | problems -> invalidArg (nameof shape) (String.concat " " problems)

        let last = List.length shape.Sizes - 1
        let fanIns = shape.Inputs :: shape.Sizes

        {
            Shape = shape
            Layers =
                shape.Sizes
                |> List.mapi (fun l size ->
                    let activation = if l = last then shape.Output else shape.Hidden
                    Layer.create $"l{l}" fanIns[l] size activation)
        }

    /// The network's output expressions for input expressions, one per output neuron.
    let apply (mlp: Mlp) (inputs: Expr list) : Expr list =
        mlp.Layers |> List.fold (fun xs layer -> Layer.apply layer xs) inputs

    /// <summary>
    /// The parameter variables in a fixed order — layer by layer, neuron by neuron, weights then
    /// bias — the order of every parameter array in this namespace.
    /// </summary>
    let parameters (mlp: Mlp) : Expr list =
        mlp.Layers |> List.collect Layer.parameters

    /// The names of the parameter variables, in parameter order.
    let parameterNames (mlp: Mlp) : string[] =
        parameters mlp
        |> List.map (fun p ->
            match p.Node with
            | Var name -> name
            | _ -> invalidOp "A parameter is not a variable.")
        |> Array.ofList

    /// <summary>
    /// Initial parameter values for a seed, as micrograd initialises: every weight uniform in
    /// [-1, 1), every bias 0. The same seed always gives the same values.
    /// </summary>
    let initialize (seed: int64) (mlp: Mlp) : float[] =
        let random = SeededRandom seed

        mlp.Layers
        |> List.collect (fun layer ->
            layer.Neurons
            |> List.collect (fun neuron ->
                let weights = neuron.Weights |> List.map (fun _ -> random.Uniform(-1.0, 1.0))
                weights @ [ 0.0 ]))
        |> Array.ofList
