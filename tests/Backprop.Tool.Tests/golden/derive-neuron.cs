// o of neuron.bp and its derivatives with respect to x1, x2, w1, w2, b,
// written by dotnet backprop derive. The primitives are computed as the engine computes them.
using System;

/// <summary>o of neuron.bp and its derivatives.</summary>
public static class NeuronDerivatives
{
    /// <summary>o and its derivatives at the given leaves.</summary>
    public static (double o, double do_dx1, double do_dx2, double do_dw1, double do_dw2, double do_db) Derive(double x1, double x2, double w1, double w2, double b)
    {
        var x1w1 = x1 * w1;
        var x2w2 = x2 * w2;
        var x1w1x2w2 = x1w1 + x2w2;
        var n = x1w1x2w2 + b;
        var o = Math.Tanh(n);
        var _t1 = 1.0 - o * o;
        return (o, _t1 * w1, _t1 * w2, _t1 * x1, _t1 * x2, _t1);
    }

    /// <summary>o and its derivatives at the leaf values of neuron.bp.</summary>
    public static (double o, double do_dx1, double do_dx2, double do_dw1, double do_dw2, double do_db) AtFileValues() => Derive(2.0, 0.0, -3.0, 1.0, 6.881373587019543);
}
