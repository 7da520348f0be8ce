using CoreLearning = Backprop.Functional.Learning;

namespace Backprop.Fluent.Learning;

/// <summary>
/// The shape of a multi-layer perceptron: how many inputs, the size of each layer (the output
/// layer last) and the activations of the hidden and output layers.
/// <c>new NetworkShape(2, [16, 16, 1], Activation.Relu, Activation.Linear)</c> is micrograd's <c>MLP(2, [16, 16, 1])</c>. Immutable.
/// </summary>
public sealed class NetworkShape
{
    /// <summary>A shape, checked at once.</summary>
    /// <param name="inputs">The number of input features (at least 1).</param>
    /// <param name="sizes">The number of neurons of each layer, the output layer last (each at least 1).</param>
    /// <param name="hidden">The activation of every layer but the last.</param>
    /// <param name="output">The activation of the last layer.</param>
    /// <exception cref="ArgumentException">The shape cannot be built (every problem is listed), e.g. too many parameters.</exception>
    public NetworkShape(int inputs, IReadOnlyList<int> sizes, Activation hidden, Activation output)
        : this(FSharpInterop.MlpShape(inputs, Guard.NotNull(sizes), hidden, output))
    {
    }

    internal NetworkShape(CoreLearning.MlpShape core) => Core = core;

    internal CoreLearning.MlpShape Core { get; }

    /// <summary>The number of input features.</summary>
    public int Inputs => Core.Inputs;

    /// <summary>The number of neurons of each layer, the output layer last.</summary>
    public IReadOnlyList<int> Sizes => FSharpInterop.SizesOf(Core);

    /// <summary>The activation of every layer but the last.</summary>
    public Activation Hidden => FSharpInterop.FromCore(Core.Hidden);

    /// <summary>The activation of the last layer.</summary>
    public Activation Output => FSharpInterop.FromCore(Core.Output);

    /// <summary>The number of weights and biases.</summary>
    public long ParameterCount => CoreLearning.MlpModule.parameterCount(Core);

    /// <summary>micrograd's notation, e.g. <c>MLP(2, [16, 16, 1]) relu/linear</c>.</summary>
    public override string ToString() =>
        $"MLP({Inputs}, [{string.Join(", ", Sizes)}]) {Hidden.ToString().ToLowerInvariant()}/{Output.ToString().ToLowerInvariant()}";
}
