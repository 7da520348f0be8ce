namespace Backprop.Fluent.Tests;

/// <summary>The accuracies the tests compare numbers with, named so each assertion states its intent.</summary>
internal static class Precision
{
    /// <summary>The notebooks' numbers, asserted to 1e-12 as in the core's tests.</summary>
    public const double Exact = 1e-12;

    /// <summary>micrograd's own engine tests compare with PyTorch to 1e-6.</summary>
    public const double Micrograd = 1e-6;

    /// <summary>A batch's tanh is within 2 ulp of a single evaluation's: on numbers near 1, 1e-15 apart.</summary>
    public const double BatchTanh = 1e-15;
}
