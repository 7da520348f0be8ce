using CoreLearning = Backprop.Functional.Learning;

namespace Backprop.Fluent.Learning;

/// <summary>
/// How <see cref="Trainer"/> trains a classifier: the hidden layers, activations, loss and
/// optimisation. Immutable: each <c>With…</c> step returns a new options object. Starts from
/// <see cref="Default"/>, micrograd's moons demo. Values are checked when training starts, every
/// problem listed.
/// </summary>
/// <example>
/// <code>
/// var options = TrainingOptions.Default.WithHiddenLayers([4, 4]).WithActivation(Activation.Tanh).WithSteps(20);
/// </code>
/// </example>
public sealed class TrainingOptions
{
    private TrainingOptions(
        IReadOnlyList<int> hiddenLayers, Activation activation, Activation outputActivation, Loss loss, int steps,
        double learningRate, LearningRateDecay decay, Optimizer optimizer, double l2, long seed)
    {
        HiddenLayers = hiddenLayers;
        Activation = activation;
        OutputActivation = outputActivation;
        Loss = loss;
        Steps = steps;
        LearningRate = learningRate;
        Decay = decay;
        Optimizer = optimizer;
        L2 = l2;
        Seed = seed;
    }

    /// <summary>
    /// micrograd's moons demo: hidden layers [16, 16] of relu, a linear output, hinge loss, 100 steps
    /// of SGD from a rate of 1.0 decaying linearly, L2 of 1e-4, seed 1 (the core's defaults).
    /// </summary>
    public static TrainingOptions Default { get; } = FromCore(CoreLearning.Train.defaults);

    private static TrainingOptions FromCore(CoreLearning.TrainOptions core) => new(
        [.. core.Layers],
        FSharpInterop.FromCore(core.Activation),
        FSharpInterop.FromCore(core.Output),
        core.Loss.IsHinge ? Loss.Hinge : core.Loss.IsSquaredError ? Loss.SquaredError : Loss.CrossEntropy,
        core.Steps,
        core.LearningRate,
        core.Decay.IsLinear ? LearningRateDecay.Linear : LearningRateDecay.None,
        Optimizer.FromCore(core.Optimizer),
        core.L2,
        core.Seed);

    /// <summary>The sizes of the hidden layers; an output layer of one neuron follows. Empty gives a linear model.</summary>
    public IReadOnlyList<int> HiddenLayers { get; }

    /// <summary>The activation of the hidden layers.</summary>
    public Activation Activation { get; }

    /// <summary>The activation of the output neuron (linear: a margin or logit).</summary>
    public Activation OutputActivation { get; }

    /// <summary>The per-sample loss, averaged over the samples.</summary>
    public Loss Loss { get; }

    /// <summary>The number of updates (at least 1).</summary>
    public int Steps { get; }

    /// <summary>The initial learning rate (positive).</summary>
    public double LearningRate { get; }

    /// <summary>How the learning rate changes over the steps.</summary>
    public LearningRateDecay Decay { get; }

    /// <summary>The update rule.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The coefficient α of the penalty α·Σp² over every parameter (0 for none).</summary>
    public double L2 { get; }

    /// <summary>The seed of the initial parameter values.</summary>
    public long Seed { get; }

    /// <summary>These options with other hidden layers.</summary>
    /// <param name="sizes">The sizes of the hidden layers, input side first.</param>
    public TrainingOptions WithHiddenLayers(IReadOnlyList<int> sizes) => With(hiddenLayers: Guard.NotNull(sizes).ToArray());

    /// <summary>These options with another hidden activation.</summary>
    /// <param name="activation">The activation of the hidden layers.</param>
    public TrainingOptions WithActivation(Activation activation) => With(activation: activation);

    /// <summary>These options with another output activation.</summary>
    /// <param name="activation">The activation of the output neuron.</param>
    public TrainingOptions WithOutputActivation(Activation activation) => With(outputActivation: activation);

    /// <summary>These options with another loss.</summary>
    /// <param name="loss">The per-sample loss.</param>
    public TrainingOptions WithLoss(Loss loss) => With(loss: loss);

    /// <summary>These options with another number of updates.</summary>
    /// <param name="steps">The number of updates.</param>
    public TrainingOptions WithSteps(int steps) => With(steps: steps);

    /// <summary>These options with another initial learning rate.</summary>
    /// <param name="rate">The initial learning rate.</param>
    public TrainingOptions WithLearningRate(double rate) => With(learningRate: rate);

    /// <summary>These options with another learning-rate decay.</summary>
    /// <param name="decay">How the rate changes.</param>
    public TrainingOptions WithDecay(LearningRateDecay decay) => With(decay: decay);

    /// <summary>These options with another update rule.</summary>
    /// <param name="optimizer">The update rule.</param>
    public TrainingOptions WithOptimizer(Optimizer optimizer) => With(optimizer: Guard.NotNull(optimizer));

    /// <summary>These options with another L2 coefficient.</summary>
    /// <param name="alpha">The coefficient, 0 or more.</param>
    public TrainingOptions WithL2(double alpha) => With(l2: alpha);

    /// <summary>These options with another seed.</summary>
    /// <param name="seed">The seed of the initial parameters.</param>
    public TrainingOptions WithSeed(long seed) => With(seed: seed);

    private TrainingOptions With(
        IReadOnlyList<int>? hiddenLayers = null, Activation? activation = null, Activation? outputActivation = null, Loss? loss = null,
        int? steps = null, double? learningRate = null, LearningRateDecay? decay = null, Optimizer? optimizer = null, double? l2 = null, long? seed = null) =>
        new(hiddenLayers ?? HiddenLayers, activation ?? Activation, outputActivation ?? OutputActivation, loss ?? Loss, steps ?? Steps,
            learningRate ?? LearningRate, decay ?? Decay, optimizer ?? Optimizer, l2 ?? L2, seed ?? Seed);
}
