using CoreLearning = Backprop.Functional.Learning;

namespace Backprop.Fluent.Learning;

/// <summary>
/// A multi-layer perceptron over <see cref="Value"/>s, as micrograd's <c>MLP</c>: its weights and
/// biases are variables (named <c>l{layer}.n{neuron}.w{input}</c> and <c>l{layer}.n{neuron}.b</c>)
/// whose numbers come from bindings, so one loss built from it serves every training step.
/// Immutable.
/// </summary>
/// <example>
/// <code>
/// var net = Network.Create(new NetworkShape(3, [4, 4, 1], Activation.Tanh, Activation.Tanh));
/// var score = net.Apply([Value.Constant(2), Value.Constant(3), Value.Constant(-1)])[0];
/// var g = score.Backward(net.InitialParameters(seed: 1));   // gradients by parameter name
/// </code>
/// </example>
public sealed class Network
{
    private readonly CoreLearning.Mlp core;

    private Network(NetworkShape shape)
    {
        Shape = shape;
        core = FSharpInterop.Mlp(shape.Core);
        Parameters = FSharpInterop.ParametersOf(core);
        ParameterNames = CoreLearning.MlpModule.parameterNames(core);
    }

    /// <summary>The network of a shape. O(parameters).</summary>
    /// <param name="shape">The shape.</param>
    public static Network Create(NetworkShape shape) => new(Guard.NotNull(shape));

    /// <summary>The shape the network was built from.</summary>
    public NetworkShape Shape { get; }

    /// <summary>The parameter variables, layer by layer, neuron by neuron, weights then bias (micrograd's <c>parameters()</c> order).</summary>
    public IReadOnlyList<Value> Parameters { get; }

    /// <summary>The parameters' names, in the order of <see cref="Parameters"/>.</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>The network's outputs for some inputs, one value per output neuron. Builds O(parameters) nodes.</summary>
    /// <param name="inputs">One value per input feature (constants, leaves or computed values).</param>
    /// <exception cref="ArgumentException">The number of inputs differs from <see cref="NetworkShape.Inputs"/>.</exception>
    public IReadOnlyList<Value> Apply(IReadOnlyList<Value> inputs) => FSharpInterop.Apply(core, Guard.NotNull(inputs));

    /// <summary>
    /// micrograd's initial numbers for a seed, by parameter name: every weight uniform in [-1, 1),
    /// every bias 0. The same seed gives the same numbers on every platform.
    /// </summary>
    /// <param name="seed">The seed.</param>
    public IReadOnlyDictionary<string, double> InitialParameters(long seed) =>
        ParameterNames.Zip(CoreLearning.MlpModule.initialize(seed, core)).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal);

    /// <summary>The shape, e.g. <c>MLP(3, [4, 4, 1]) tanh/tanh</c>.</summary>
    public override string ToString() => Shape.ToString();
}
