using CoreLearning = Backprop.Functional.Learning;

namespace Backprop.Fluent.Learning;

/// <summary>An update rule: how a step of size <c>rate</c> moves parameters against their gradient. Immutable.</summary>
public sealed class Optimizer
{
    private Optimizer(CoreLearning.Optimizer core) => Core = FSharpInterop.Validated(core);

    /// <summary>The core's update rule.</summary>
    internal CoreLearning.Optimizer Core { get; }

    /// <summary>Wraps a core update rule (checked, as every one is).</summary>
    internal static Optimizer FromCore(CoreLearning.Optimizer core) => core.IsSgd ? Sgd : new(core);

    /// <summary>Plain gradient descent: <c>p ← p − rate·g</c>.</summary>
    public static Optimizer Sgd { get; } = new(FSharpInterop.Sgd);

    /// <summary>The lower-case name the tool uses: <c>sgd</c>, <c>momentum</c> or <c>adam</c>.</summary>
    public string Name => FSharpInterop.NameOf(Core);

    /// <summary>Heavy-ball momentum with the customary coefficient 0.9 (the core's).</summary>
    public static Optimizer Momentum() => new(CoreLearning.OptimizerModule.momentum);

    /// <summary>Heavy-ball momentum (PyTorch's form): <c>v ← momentum·v + g; p ← p − rate·v</c>.</summary>
    /// <param name="momentum">The coefficient, in [0, 1).</param>
    /// <exception cref="ArgumentException">The coefficient is outside [0, 1).</exception>
    public static Optimizer Momentum(double momentum) => new(FSharpInterop.Momentum(momentum));

    /// <summary>Adam with the customary coefficients β₁ = 0.9, β₂ = 0.999, ε = 1e-8 (the core's).</summary>
    public static Optimizer Adam() => new(CoreLearning.OptimizerModule.adam);

    /// <summary>Adam (Kingma and Ba): bias-corrected running means of the gradient and its square.</summary>
    /// <param name="beta1">The first moment's coefficient, in [0, 1).</param>
    /// <param name="beta2">The second moment's coefficient, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator; positive.</param>
    /// <exception cref="ArgumentException">A coefficient is out of range (each problem is listed).</exception>
    public static Optimizer Adam(double beta1, double beta2, double epsilon) => new(FSharpInterop.Adam(beta1, beta2, epsilon));

    /// <summary>The name, e.g. <c>adam</c>.</summary>
    public override string ToString() => Name;
}
