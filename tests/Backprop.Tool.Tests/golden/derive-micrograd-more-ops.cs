// g2 of micrograd-more-ops.bp and its derivatives with respect to a, b,
// written by dotnet backprop derive. The primitives are computed as the engine computes them.
using System;

/// <summary>g2 of micrograd-more-ops.bp and its derivatives.</summary>
public static class MicrogradMoreOpsDerivatives
{
    /// <summary>g2 and its derivatives at the given leaves.</summary>
    public static (double g2, double dg2_da, double dg2_db) Derive(double a, double b)
    {
        var c = a + b;
        var _t1 = b + a;
        var _t2 = b - a;
        var d = a * b + Math.Pow(b, 3.0);
        var c2 = c + c + 1.0;
        var d2 = d + d * 2.0 + Primitives.Relu(_t1);
        var c3 = c2 + 1.0 + c2 - a;
        var d3 = d2 + 3.0 * d2 + Primitives.Relu(_t2);
        var e = c3 - d3;
        var f = Math.Pow(e, 2.0);
        var g = f / 2.0;
        var _t3 = 10.0 / f;
        var g2 = g + _t3;
        var _t4 = (-(_t3 / f) + 0.5) * (2.0 * e);
        var _t5 = _t4 + _t4;
        var _t6 = -_t4;
        var _t7 = _t5 + _t5;
        var _t8 = _t6 * Primitives.Greater(_t2, 0.0);
        var _t9 = _t6 + _t6 * 3.0;
        var _t10 = _t9 * Primitives.Greater(_t1, 0.0);
        var _t11 = _t9 + _t9 * 2.0;
        return (g2, -_t4 - _t8 + _t11 * b + _t10 + _t7, _t8 + _t11 * (3.0 * Math.Pow(b, 2.0)) + _t11 * a + _t10 + _t7);
    }

    /// <summary>g2 and its derivatives at the leaf values of micrograd-more-ops.bp.</summary>
    public static (double g2, double dg2_da, double dg2_db) AtFileValues() => Derive(-4.0, 2.0);

    /// <summary>The engine's primitives that System.Math does not have, with the engine's conventions.</summary>
    public static class Primitives
    {
        public static double Relu(double a) => a > 0 ? a : a <= 0 ? 0.0 : a;

        public static double Greater(double a, double b) => a > b ? 1.0 : 0.0;
    }
}
