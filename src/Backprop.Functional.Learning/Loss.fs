namespace Backprop.Functional.Learning

open Backprop.Functional

/// <summary>
/// The loss of one classified sample, for a score <c>s</c> (the network's output) and a label
/// <c>y</c> that is -1 or 1.
/// </summary>
[<RequireQualifiedAccess>]
type Loss =
    /// Max-margin loss <c>relu(1 − y·s)</c>, as the Hacker's guide SVM and micrograd's moons demo use.
    | Hinge
    /// Squared error <c>(s − y)²</c>; its mean over samples is the MSE.
    | SquaredError
    /// Binary cross-entropy of the logit <c>s</c>: <c>−log σ(y·s) = softplus(−y·s)</c>, in a form that
    /// never overflows.
    | CrossEntropy

/// Loss expressions built from core expressions.
[<RequireQualifiedAccess>]
module Loss =

    /// <summary>
    /// <c>softplus(z) = log(1 + e^z)</c> for any finite z, as
    /// <c>relu(z) + log(1 + exp(−max(z, −z)))</c>: the exponent is never positive, so nothing
    /// overflows, and the logarithm's argument lies in (1, 2]. Its derivative is σ(z) everywhere,
    /// including 0, because the gradient of <c>max</c> goes to its second operand on a tie.
    /// Absolute error about 1e-16; for z below about −37 the result is exactly 0 rather than e^z.
    /// </summary>
    let softplus (z: Expr) : Expr =
        Expr.relu z + Expr.log (1.0 + Expr.exp (-(Expr.max z (-z))))

    /// The loss of one sample with score <paramref name="score"/> and label <paramref name="label"/> (±1).
    let sample (loss: Loss) (score: Expr) (label: Expr) : Expr =
        match loss with
        | Loss.Hinge -> Expr.relu (1.0 - label * score)
        | Loss.SquaredError -> (score - label) ** 2.0
        | Loss.CrossEntropy -> softplus (-(label * score))

    /// <summary>
    /// L2 regularisation <c>α·Σ p²</c> over parameter variables (micrograd's <c>alpha * sum(p*p)</c>).
    /// </summary>
    let l2 (alpha: float) (parameters: Expr seq) : Expr =
        alpha * Expr.sum (parameters |> Seq.map (fun p -> p * p))

    /// The lower-case name used on the command line: hinge, mse, bce.
    let name (loss: Loss) : string =
        match loss with
        | Loss.Hinge -> "hinge"
        | Loss.SquaredError -> "mse"
        | Loss.CrossEntropy -> "bce"

    /// Every loss, in the order the names are listed in messages.
    let all = [ Loss.Hinge; Loss.SquaredError; Loss.CrossEntropy ]

    /// The loss of a name (case-insensitive), or a message listing the valid names.
    let parse (text: string) : Result<Loss, string> =
        let wanted = if isNull text then "" else text.Trim().ToLowerInvariant()

        match all |> List.tryFind (fun l -> name l = wanted) with
        | Some loss -> Ok loss
        | None ->
            let names = all |> List.map name |> String.concat ", "
            Error $"Unknown loss '{text}'; expected one of: {names}."
