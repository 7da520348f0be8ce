namespace Backprop.Functional.Learning

/// Deciding the class of a score and measuring a binary classifier whose labels are -1 and 1.
[<RequireQualifiedAccess>]
module Classify =

    /// <summary>
    /// Whether a score predicts the label: the score predicts 1 when it is above the threshold and
    /// -1 otherwise (micrograd's <c>(yi &gt; 0) == (scorei &gt; 0)</c> with a threshold of 0).
    /// A NaN score predicts nothing correctly.
    /// </summary>
    let isCorrect (threshold: float) (score: float) (label: float) : bool =
        not (System.Double.IsNaN score) && (score > threshold) = (label > 0.0)

    /// <summary>
    /// The fraction (0..1) of scores that predict their labels; raises <c>ArgumentException</c> when
    /// the lengths differ or there are no samples.
    /// </summary>
    let accuracy (threshold: float) (scores: float[]) (labels: float[]) : float =
        if scores.Length <> labels.Length then
            invalidArg (nameof scores) $"{scores.Length} scores were given for {labels.Length} labels."

        if scores.Length = 0 then
            invalidArg (nameof scores) "Accuracy needs at least one sample."

        let correct =
            Array.fold2 (fun n s y -> if isCorrect threshold s y then n + 1 else n) 0 scores labels

        float correct / float scores.Length
