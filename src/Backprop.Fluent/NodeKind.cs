namespace Backprop.Fluent;

/// <summary>What a named node of a <see cref="Computation"/> is.</summary>
public enum NodeKind
{
    /// <summary>A variable whose number is given at each evaluation (data).</summary>
    Input,

    /// <summary>A variable whose number the computation holds (a weight to train); it may be overridden at an evaluation.</summary>
    Parameter,

    /// <summary>A named intermediate or output, computed from other nodes.</summary>
    Step,
}
