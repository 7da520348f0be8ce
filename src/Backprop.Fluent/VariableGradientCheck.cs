namespace Backprop.Fluent;

/// <summary>One variable's analytic gradient beside its central-difference estimate.</summary>
public sealed class VariableGradientCheck
{
    internal VariableGradientCheck(string name, double value, double analytic, double numeric, double error, bool passed)
    {
        Name = name;
        Value = value;
        Analytic = analytic;
        Numeric = numeric;
        Error = error;
        Passed = passed;
    }

    /// <summary>The variable's name.</summary>
    public string Name { get; }

    /// <summary>The variable's number at the point of the check.</summary>
    public double Value { get; }

    /// <summary>d(output)/d(variable) from the reverse sweep.</summary>
    public double Analytic { get; }

    /// <summary>The central-difference estimate <c>(f(x+h) - f(x-h)) / 2h</c>.</summary>
    public double Numeric { get; }

    /// <summary><c>|analytic - numeric|</c>.</summary>
    public double Error { get; }

    /// <summary>Whether the error is within the tolerance.</summary>
    public bool Passed { get; }

    /// <summary>A one-line summary, e.g. <c>x: analytic 2, numeric 2.0000000001, error 1E-10, passed</c>.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"{Name}: analytic {Analytic:R}, numeric {Numeric:R}, error {Error:R}, {(Passed ? "passed" : "FAILED")}");
}
