// L of sigmoid-layer.bp and its derivatives with respect to W[0,0], W[0,1], W[1,0], W[1,1], W[2,0], W[2,1], x[0], x[1], v[0], v[1], v[2],
// written by dotnet backprop derive. The primitives are computed as the engine computes them.
using System;

/// <summary>L of sigmoid-layer.bp and its derivatives.</summary>
public static class SigmoidLayerDerivatives
{
    /// <summary>L and its derivatives at the given leaves.</summary>
    public static (double L, double dL_dW_0_0, double dL_dW_0_1, double dL_dW_1_0, double dL_dW_1_1, double dL_dW_2_0, double dL_dW_2_1, double dL_dx_0, double dL_dx_1, double dL_dv_0, double dL_dv_1, double dL_dv_2) Derive(double[,] W, double[] x, double[] v)
    {
        var _t1 = Primitives.Sigmoid(W[0, 0] * x[0] + W[0, 1] * x[1]);
        var _t2 = Primitives.Sigmoid(W[1, 0] * x[0] + W[1, 1] * x[1]);
        var _t3 = Primitives.Sigmoid(W[2, 0] * x[0] + W[2, 1] * x[1]);
        var L = v[0] * _t1 + v[1] * _t2 + v[2] * _t3;
        var _t4 = v[2] * (_t3 * (1.0 - _t3));
        var _t5 = v[1] * (_t2 * (1.0 - _t2));
        var _t6 = v[0] * (_t1 * (1.0 - _t1));
        return (L, _t6 * x[0], _t6 * x[1], _t5 * x[0], _t5 * x[1], _t4 * x[0], _t4 * x[1], _t4 * W[2, 0] + _t5 * W[1, 0] + _t6 * W[0, 0], _t4 * W[2, 1] + _t5 * W[1, 1] + _t6 * W[0, 1], _t1, _t2, _t3);
    }

    /// <summary>L and its derivatives at the leaf values of sigmoid-layer.bp.</summary>
    public static (double L, double dL_dW_0_0, double dL_dW_0_1, double dL_dW_1_0, double dL_dW_1_1, double dL_dW_2_0, double dL_dW_2_1, double dL_dx_0, double dL_dx_1, double dL_dv_0, double dL_dv_1, double dL_dv_2) AtFileValues() => Derive(new double[,] { { 2.0, -3.0 }, { 1.0, 2.0 }, { 0.5, -0.1 } }, new double[] { -1.0, -2.0 }, new double[] { 1.0, -2.0, 0.5 });

    /// <summary>The engine's primitives that System.Math does not have, with the engine's conventions.</summary>
    public static class Primitives
    {
        public static double Sigmoid(double a)
        {
            if (a >= 0) return 1.0 / (1.0 + Math.Exp(-a));
            var e = Math.Exp(a);
            return e / (1.0 + e);
        }
    }
}
