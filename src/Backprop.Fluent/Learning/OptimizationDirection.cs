namespace Backprop.Fluent.Learning;

/// <summary>Whether an optimisation moves down or up the gradient.</summary>
public enum OptimizationDirection
{
    /// <summary>Gradient descent: make the value smaller.</summary>
    Minimize,

    /// <summary>Gradient ascent: make the value larger.</summary>
    Maximize,
}
