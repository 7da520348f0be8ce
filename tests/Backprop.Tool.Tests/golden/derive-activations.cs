// relu_x of activations.bp and its derivatives with respect to x,
// written by dotnet backprop derive. The primitives are computed as the engine computes them.
using System;

/// <summary>relu_x of activations.bp and its derivatives.</summary>
public static class ActivationsDerivatives
{
    /// <summary>relu_x and its derivatives at the given leaves.</summary>
    public static (double relu_x, double drelu_x_dx) Derive(double x)
    {
        var relu_x = Primitives.Relu(x);
        return (relu_x, Primitives.Greater(x, 0.0));
    }

    /// <summary>relu_x and its derivatives at the leaf values of activations.bp.</summary>
    public static (double relu_x, double drelu_x_dx) AtFileValues() => Derive(0.5);

    /// <summary>The engine's primitives that System.Math does not have, with the engine's conventions.</summary>
    public static class Primitives
    {
        public static double Relu(double a) => a > 0 ? a : a <= 0 ? 0.0 : a;

        public static double Greater(double a, double b) => a > b ? 1.0 : 0.0;
    }
}
