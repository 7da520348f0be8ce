namespace Backprop.Functional.Learning

open System
open Backprop.Functional

/// How the learning rate changes over a training run.
[<RequireQualifiedAccess>]
type Decay =
    /// micrograd's schedule: step k of N uses <c>rate·(1 − 0.9·k/N)</c>.
    | Linear
    /// The same rate at every step.
    | NoDecay

/// Naming and parsing decays.
[<RequireQualifiedAccess>]
module Decay =

    /// The lower-case name used on the command line: linear, none.
    let name (decay: Decay) : string =
        match decay with
        | Decay.Linear -> "linear"
        | Decay.NoDecay -> "none"

    /// The decay of a name (case-insensitive), or a message listing the valid names.
    let parse (text: string) : Result<Decay, string> =
        match (if isNull text then "" else text.Trim().ToLowerInvariant()) with
        | "linear" -> Ok Decay.Linear
        | "none" -> Ok Decay.NoDecay
        | _ -> Error $"Unknown decay '{text}'; expected one of: linear, none."

/// How to train a classifier: the network, the loss, and the optimisation.
type TrainOptions = {
    /// The sizes of the hidden layers; an output layer of one neuron follows. Empty gives a
    /// linear model (with the hinge loss, a linear SVM).
    Layers: int list
    /// The activation of the hidden layers.
    Activation: Activation
    /// The activation of the output neuron; <c>Linear</c> (a margin or logit) unless the loss
    /// wants otherwise, as the squared error of a tanh output in micrograd's lecture does.
    Output: Activation
    /// The per-sample loss, averaged over the samples.
    Loss: Loss
    /// The number of updates (at least 1).
    Steps: int
    /// The initial learning rate (positive).
    LearningRate: float
    /// How the learning rate changes over the steps.
    Decay: Decay
    /// The update rule.
    Optimizer: Optimizer
    /// The L2 coefficient α of the penalty α·Σp² over every parameter (0 for none).
    L2: float
    /// The seed of the initial parameter values.
    Seed: int64
}

/// A training run's state before an update, as the progress callback sees it.
type TrainProgress = {
    /// The number of updates made before this evaluation (0-based, as micrograd prints it).
    Step: int
    /// The mean loss over the samples plus the L2 penalty.
    Loss: float
    /// The fraction (0..1) of samples classified correctly.
    Accuracy: float
}

/// The outcome of a training run, measured after its last update.
type TrainResult = {
    /// The number of updates made.
    Steps: int
    /// The final mean loss plus the L2 penalty.
    Loss: float
    /// The final training accuracy, 0..1.
    Accuracy: float
    /// The loss before each update, then the final loss: <c>Steps + 1</c> numbers, the loss curve.
    LossHistory: float[]
    /// The trained model.
    Model: Model
}

/// Why a training run did not produce a model.
[<RequireQualifiedAccess>]
type TrainError =
    /// The options are unusable; one message per problem.
    | InvalidOptions of problems: string list
    /// The data is unusable; one message per problem.
    | InvalidData of problems: string list
    /// The loss became NaN or infinite at this step (0-based), so training stopped.
    | LossNotFinite of step: int * loss: float

/// Training multi-layer perceptron classifiers on a compiled tape.
[<RequireQualifiedAccess>]
module Train =

    /// <summary>
    /// micrograd's moons demo: hidden layers [16; 16] of relu, hinge loss, 100 steps of SGD from a
    /// rate of 1.0 decaying linearly, L2 of 1e-4, seed 1.
    /// </summary>
    let defaults: TrainOptions = {
        Layers = [ 16; 16 ]
        Activation = Activation.Relu
        Output = Activation.Linear
        Loss = Loss.Hinge
        Steps = 100
        LearningRate = 1.0
        Decay = Decay.Linear
        Optimizer = Optimizer.Sgd
        L2 = 1e-4
        Seed = 1L
    }

    /// The learning-rate schedule the options describe.
    let schedule (options: TrainOptions) : Schedule =
        match options.Decay with
        | Decay.Linear -> Schedule.LinearDecay(options.LearningRate, options.Steps)
        | Decay.NoDecay -> Schedule.Constant options.LearningRate

    /// The problems with training options, as messages; empty when they are usable.
    let validate (options: TrainOptions) : string list = [
        for size in options.Layers do
            if size < 1 then
                $"Every hidden layer needs at least one neuron; a size of {size} was given."
        if options.Steps < 1 then
            $"The number of steps must be positive; it was {options.Steps}."
        if not (options.LearningRate > 0.0 && Double.IsFinite options.LearningRate) then
            $"The learning rate must be a positive, finite number; it was {options.LearningRate}."
        if not (options.L2 >= 0.0 && Double.IsFinite options.L2) then
            $"The L2 coefficient must be a finite number, 0 or more; it was {options.L2}."
        if options.Loss = Loss.CrossEntropy && options.Output = Activation.Sigmoid then
            "Binary cross-entropy takes the output as a logit; use a linear output, not a sigmoid."
        yield! Optimizer.validate options.Optimizer
    ]

    /// Trains a network of a valid shape on valid data (see <c>run</c>).
    let private trainNetwork
        (shape: MlpShape)
        (options: TrainOptions)
        (progress: TrainProgress -> unit)
        (data: Dataset)
        : Result<TrainResult, TrainError> =
        let mlp = Mlp.create shape
        let objective = Objective(mlp, options.Loss, options.L2, data)
        let parameters = Mlp.initialize options.Seed mlp
        let gradients = Array.zeroCreate<float> parameters.Length
        let state = OptimizerState(options.Optimizer, parameters.Length)
        let rates = schedule options
        let lossHistory = ResizeArray<float>(options.Steps + 1)
        let mutable step = 0
        let mutable failure = None

        while failure.IsNone && step < options.Steps do
            let now = objective.Gradient(ReadOnlySpan parameters, Span gradients)

            if Double.IsFinite now.Loss then
                lossHistory.Add now.Loss

                progress {
                    Step = step
                    Loss = now.Loss
                    Accuracy = now.Accuracy
                }

                state.Update(Schedule.rate rates step, Span parameters, ReadOnlySpan gradients)
                step <- step + 1
            else
                failure <- Some(TrainError.LossNotFinite(step, now.Loss))

        match failure with
        | Some error -> Error error
        | None ->
            let final = objective.Measure(ReadOnlySpan parameters)

            if Double.IsFinite final.Loss then
                lossHistory.Add final.Loss

                Ok {
                    Steps = options.Steps
                    Loss = final.Loss
                    Accuracy = final.Accuracy
                    LossHistory = lossHistory.ToArray()
                    Model = {
                        Shape = shape
                        Parameters = parameters
                    }
                }
            else
                Error(TrainError.LossNotFinite(options.Steps, final.Loss))

    /// <summary>
    /// Trains a classifier on <paramref name="data"/> by full-batch gradient descent on an
    /// <see cref="T:Backprop.Functional.Learning.Objective"/>, compiled once; every step re-runs its
    /// tapes with the current parameters, building no graph. Before each update
    /// <paramref name="progress"/> receives the step, the loss and the accuracy; the result reports
    /// them after the last update. Stops with <c>LossNotFinite</c> when the loss becomes NaN or
    /// infinite. Deterministic given the options. O(steps × samples × network size).
    /// </summary>
    let run
        (options: TrainOptions)
        (progress: TrainProgress -> unit)
        (data: Dataset)
        : Result<TrainResult, TrainError> =
        match validate options, Dataset.validate data with
        | (_ :: _ as problems), _ -> Error(TrainError.InvalidOptions problems)
        | [], (_ :: _ as problems) -> Error(TrainError.InvalidData problems)
        | [], [] ->
            let shape = {
                Inputs = Dataset.featureCount data
                Sizes = options.Layers @ [ 1 ]
                Hidden = options.Activation
                Output = options.Output
            }

            match Mlp.validate shape with
            | _ :: _ as problems -> Error(TrainError.InvalidOptions problems)
            | [] -> trainNetwork shape options progress data

/// Messages for training errors.
[<RequireQualifiedAccess>]
module TrainError =

    /// The error as one or more sentences, for a diagnostic.
    let message (error: TrainError) : string =
        match error with
        | TrainError.InvalidOptions problems
        | TrainError.InvalidData problems -> String.concat " " problems
        | TrainError.LossNotFinite(step, loss) ->
            let what = if Double.IsNaN loss then "NaN" else string loss
            $"The loss became {what} at step {step}; training stopped. Try a smaller learning rate."
