namespace Backprop.Fluent.Learning;

/// <summary>The loss of one classified sample with score <c>s</c> and label <c>y</c> (-1 or 1); training averages it over the samples.</summary>
public enum Loss
{
    /// <summary>Max-margin loss <c>relu(1 − y·s)</c>, as the Hacker's guide SVM and micrograd's moons demo use.</summary>
    Hinge,

    /// <summary>Squared error <c>(s − y)²</c>; its mean over samples is the MSE.</summary>
    SquaredError,

    /// <summary>Binary cross-entropy of the logit <c>s</c>, <c>−log σ(y·s)</c>, in a form that never overflows.</summary>
    CrossEntropy,
}
