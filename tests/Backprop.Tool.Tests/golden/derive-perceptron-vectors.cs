// loss of perceptron-vectors.bp and its derivatives with respect to w[0], w[1], x[0], x[1],
// written by dotnet backprop derive. The primitives are computed as the engine computes them.
using System;

/// <summary>loss of perceptron-vectors.bp and its derivatives.</summary>
public static class PerceptronVectorsDerivatives
{
    /// <summary>loss and its derivatives at the given leaves.</summary>
    public static (double loss, double dloss_dw_0, double dloss_dw_1, double dloss_dx_0, double dloss_dx_1) Derive(double[] w, double[] x)
    {
        var @out = w[0] * x[0] + w[1] * x[1];
        var _t1 = @out - 0.12;
        var loss = Math.Pow(_t1, 2.0);
        var _t2 = 2.0 * _t1;
        return (loss, _t2 * x[0], _t2 * x[1], _t2 * w[0], _t2 * w[1]);
    }

    /// <summary>loss and its derivatives at the leaf values of perceptron-vectors.bp.</summary>
    public static (double loss, double dloss_dw_0, double dloss_dw_1, double dloss_dx_0, double dloss_dx_1) AtFileValues() => Derive(new double[] { 2.0, -3.0 }, new double[] { -1.0, -2.0 });
}
