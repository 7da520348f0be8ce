namespace Backprop.Fluent.Learning;

/// <summary>The non-linearity a neuron applies to its weighted sum.</summary>
public enum Activation
{
    /// <summary>Hyperbolic tangent, in (-1, 1).</summary>
    Tanh,

    /// <summary><c>max(0, x)</c>, as micrograd's hidden layers use.</summary>
    Relu,

    /// <summary>Logistic sigmoid, in (0, 1).</summary>
    Sigmoid,

    /// <summary>The identity: the weighted sum itself (micrograd's output layer).</summary>
    Linear,
}
