namespace Backprop.Fluent;

/// <summary>The outcome of a numeric gradient check over every variable of a computation.</summary>
public sealed class GradientCheckReport
{
    internal GradientCheckReport(double value, double step, double tolerance, bool passed, IReadOnlyList<VariableGradientCheck> variables)
    {
        Value = value;
        Step = step;
        Tolerance = tolerance;
        Passed = passed;
        Variables = variables;
    }

    /// <summary>The output's number at the point of the check.</summary>
    public double Value { get; }

    /// <summary>The step <c>h</c> of the central differences.</summary>
    public double Step { get; }

    /// <summary>The relative-or-absolute tolerance used.</summary>
    public double Tolerance { get; }

    /// <summary>Whether every variable's analytic gradient is within the tolerance of its numeric estimate.</summary>
    public bool Passed { get; }

    /// <summary>One entry per variable, in the order the core's tape gives them (first use in the graph).</summary>
    public IReadOnlyList<VariableGradientCheck> Variables { get; }

    /// <summary>
    /// The verdict and the variables that failed: <c>passed: 5 variables within tolerance 1E-06</c>,
    /// or <c>FAILED: 1 of 5 variables outside tolerance 1E-06: x</c> (the first ten named).
    /// </summary>
    public override string ToString()
    {
        var tolerance = Tolerance.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        if (Passed)
        {
            return $"passed: {Count(Variables.Count)} within tolerance {tolerance}";
        }

        var failed = Variables.Where(v => !v.Passed).ToList();
        var names = string.Join(", ", failed.Take(10).Select(v => v.Name)) + (failed.Count > 10 ? ", …" : "");
        return $"FAILED: {failed.Count} of {Count(Variables.Count)} outside tolerance {tolerance}: {names}";
    }

    private static string Count(int n) => n == 1 ? "1 variable" : $"{n} variables";
}
