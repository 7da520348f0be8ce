using Backprop.Fluent.Learning;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;
using Core = Backprop.Functional;
using CoreLearning = Backprop.Functional.Learning;

namespace Backprop.Fluent;

/// <summary>
/// The one place that touches F#-specific types of the core (its union, options, lists and
/// records), so that the rest of the facade reads as plain C# and nothing F# leaks out.
/// </summary>
internal static class FSharpInterop
{
    /// <summary>The name of a variable node; false for every other kind of node.</summary>
    internal static bool TryGetVariableName(Core.Expr node, out string name)
    {
        if (node.Node is Core.Node.Var variable)
        {
            name = variable.name;
            return true;
        }

        name = string.Empty;
        return false;
    }

    /// <summary>The position of <paramref name="node"/> in the graph's topological order, if it is part of it.</summary>
    internal static bool TryIndexOf(Core.Graph graph, Core.Expr node, out int index)
    {
        var found = graph.TryIndexOf(node);
        index = found.IsSome ? found.Value : -1;
        return found.IsSome;
    }

    /// <summary>A user-defined one-operand operation of the core, from C# delegates.</summary>
    internal static Core.Operation DefineUnary(string name, Func<double, double> value, Func<Core.Expr, Core.Expr, Core.Expr> derivative) =>
        Core.CustomOperation.Unary(
            name,
            FuncConvert.FromFunc(value),
            FuncConvert.FromFunc<Core.Expr, Core.Expr, Core.Expr>((x, y) => derivative(x, y)));

    /// <summary>A user-defined two-operand operation of the core, from C# delegates.</summary>
    internal static Core.Operation DefineBinary(
        string name, Func<double, double, double> value, Func<Core.Expr, Core.Expr, Core.Expr, (Core.Expr, Core.Expr)> derivatives) =>
        Core.CustomOperation.Binary(
            name,
            FuncConvert.FromFunc(value),
            FuncConvert.FromFunc<Core.Expr, Core.Expr, Core.Expr, Tuple<Core.Expr, Core.Expr>>((a, b, y) =>
            {
                var (da, db) = derivatives(a, b, y);
                return Tuple.Create(da, db);
            }));

    internal static Core.CheckOptions ToCore(GradientCheckOptions options) => new(options.Step, options.Tolerance);

    internal static GradientCheckOptions FromCore(Core.CheckOptions options) => new(options.Step, options.Tolerance);

    internal static GradientCheckReport FromCore(Core.CheckReport report) =>
        new(report.Value, report.Step, report.Tolerance, report.Ok, ToReadOnlyList(report.Variables, FromCore));

    private static VariableGradientCheck FromCore(Core.VariableCheck check) =>
        new(check.Name, check.Value, check.Analytic, check.Numeric, check.Error, check.Ok);

    internal static Core.Shape VectorShape(int length) => Core.Shape.NewVector(length);

    internal static Core.Shape MatrixShape(int rows, int columns) => Core.Shape.NewMatrix(rows, columns);

    /// <summary>A tensor's sizes: its length, or its rows and columns.</summary>
    internal static int[] DimensionsOf(Core.Tensor tensor) => tensor.Shape.Dimensions;

    /// <summary>The name a tensor carries for error messages, if any.</summary>
    internal static string? NameOf(Core.Tensor tensor) => tensor.Name?.Value;

    /// <summary>The core's element-wise map, with a C# function over values.</summary>
    internal static Core.Tensor Map(Core.Tensor tensor, Func<Value, Value> function) =>
        Core.TensorModule.Map(
            FuncConvert.FromFunc<Core.Expr, Core.Expr>(element =>
                Guard.NotNull(function(Value.FromExpression(element)), nameof(function)).Expression),
            tensor);

    /// <summary>The core's bindings of tensor elements (a list of name–number pairs) as a dictionary.</summary>
    internal static IReadOnlyDictionary<string, double> ToDictionary(FSharpList<Tuple<string, double>> bindings) =>
        bindings.ToDictionary(pair => pair.Item1, pair => pair.Item2, StringComparer.Ordinal);

    // ------------------------------------------------------------------ learning

    internal static CoreLearning.Activation ToCore(Activation activation) => activation switch
    {
        Activation.Tanh => CoreLearning.Activation.Tanh,
        Activation.Relu => CoreLearning.Activation.Relu,
        Activation.Sigmoid => CoreLearning.Activation.Sigmoid,
        Activation.Linear => CoreLearning.Activation.Linear,
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Not an activation."),
    };

    internal static Activation FromCore(CoreLearning.Activation activation) =>
        activation.IsTanh ? Activation.Tanh : activation.IsRelu ? Activation.Relu : activation.IsSigmoid ? Activation.Sigmoid : Activation.Linear;

    internal static CoreLearning.Loss ToCore(Loss loss) => loss switch
    {
        Loss.Hinge => CoreLearning.Loss.Hinge,
        Loss.SquaredError => CoreLearning.Loss.SquaredError,
        Loss.CrossEntropy => CoreLearning.Loss.CrossEntropy,
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Not a loss."),
    };

    internal static CoreLearning.Decay ToCore(LearningRateDecay decay) => decay switch
    {
        LearningRateDecay.None => CoreLearning.Decay.NoDecay,
        LearningRateDecay.Linear => CoreLearning.Decay.Linear,
        _ => throw new ArgumentOutOfRangeException(nameof(decay), decay, "Not a decay."),
    };

    internal static CoreLearning.Optimizer Sgd => CoreLearning.Optimizer.Sgd;

    internal static CoreLearning.Optimizer Momentum(double momentum) => CoreLearning.Optimizer.NewMomentum(momentum);

    internal static CoreLearning.Optimizer Adam(double beta1, double beta2, double epsilon) => CoreLearning.Optimizer.NewAdam(beta1, beta2, epsilon);

    /// <summary>The optimiser, or an <see cref="ArgumentException"/> listing what is wrong with its coefficients.</summary>
    internal static CoreLearning.Optimizer Validated(CoreLearning.Optimizer optimizer)
    {
        ThrowIfAny(CoreLearning.OptimizerModule.validate(optimizer), "optimizer");
        return optimizer;
    }

    internal static string NameOf(CoreLearning.Optimizer optimizer) => CoreLearning.OptimizerModule.name(optimizer);

    internal static CoreLearning.MlpShape MlpShape(int inputs, IReadOnlyList<int> sizes, Activation hidden, Activation output)
    {
        var shape = new CoreLearning.MlpShape(inputs, ListModule.OfSeq(sizes), ToCore(hidden), ToCore(output));
        ThrowIfAny(CoreLearning.MlpModule.validate(shape), nameof(sizes));
        return shape;
    }

    internal static IReadOnlyList<int> SizesOf(CoreLearning.MlpShape shape) => shape.Sizes.ToArray();

    internal static CoreLearning.Mlp Mlp(CoreLearning.MlpShape shape) => CoreLearning.MlpModule.create(shape);

    internal static IReadOnlyList<Value> ParametersOf(CoreLearning.Mlp mlp) =>
        CoreLearning.MlpModule.parameters(mlp).Select(Value.FromExpression).ToArray();

    internal static IReadOnlyList<Value> Apply(CoreLearning.Mlp mlp, IEnumerable<Value> inputs) =>
        CoreLearning.MlpModule.apply(mlp, ListModule.OfSeq(inputs.Select(input => Guard.NotNull(input, nameof(inputs)).Expression)))
            .Select(Value.FromExpression).ToArray();

    internal static CoreLearning.Dataset Dataset(IReadOnlyList<IReadOnlyList<double>> features, IReadOnlyList<double> labels)
    {
        var data = new CoreLearning.Dataset(
            FSharpOption<FSharpList<string>>.None,
            features.Select(row => Guard.NotNull(row, nameof(features)).ToArray()).ToArray(),
            labels.ToArray());
        ThrowIfAny(CoreLearning.DatasetModule.validate(data), nameof(features));
        return data;
    }

    internal static IReadOnlyList<string>? NamesOf(CoreLearning.Dataset data) => data.Names?.Value.ToArray();

    internal static CoreLearning.Dataset Moons(int count, double noise, long seed)
    {
        var result = CoreLearning.Moons.generate(count, noise, seed);
        return result.IsOk ? result.ResultValue : throw new ArgumentException(result.ErrorValue);
    }

    internal static CoreLearning.TrainOptions TrainOptions(TrainingOptions options) => new(
        ListModule.OfSeq(options.HiddenLayers),
        ToCore(options.Activation),
        ToCore(options.OutputActivation),
        ToCore(options.Loss),
        options.Steps,
        options.LearningRate,
        ToCore(options.Decay),
        options.Optimizer.Core,
        options.L2,
        options.Seed);

    /// <summary>Runs the core's training loop; its errors become exceptions naming the culprit.</summary>
    internal static TrainingResult Train(TrainingOptions options, Action<TrainingProgress> progress, Dataset data)
    {
        var result = CoreLearning.Train.run(
            TrainOptions(options),
            FuncConvert.FromAction<CoreLearning.TrainProgress>(p => progress(new TrainingProgress(p.Step, p.Loss, p.Accuracy))),
            data.Core);
        if (result.IsOk)
        {
            var trained = result.ResultValue;
            return new TrainingResult(trained.Steps, trained.Loss, trained.Accuracy, Array.AsReadOnly(trained.LossHistory), new Model(trained.Model));
        }

        var message = CoreLearning.TrainErrorModule.message(result.ErrorValue);
        throw result.ErrorValue switch
        {
            CoreLearning.TrainError.InvalidOptions => new ArgumentException(message, nameof(options)),
            CoreLearning.TrainError.InvalidData => new ArgumentException(message, nameof(data)),
            CoreLearning.TrainError.LossNotFinite diverged => new TrainingDivergedException(diverged.step, diverged.loss, message),
            _ => new InvalidOperationException(message),
        };
    }

    internal static CoreLearning.Model Model(CoreLearning.MlpShape shape, IReadOnlyList<double> parameters) => new(shape, parameters.ToArray());

    internal static string ToJson(CoreLearning.Model model) => CoreLearning.ModelJson.serialize(model);

    internal static CoreLearning.Model FromJson(string json)
    {
        var result = CoreLearning.ModelJson.deserialize(json);
        return result.IsOk ? result.ResultValue : throw new FormatException(result.ErrorValue);
    }

    internal static void Save(string path, CoreLearning.Model model)
    {
        var result = CoreLearning.ModelJson.save(path, model);
        if (result.IsError)
        {
            throw new IOException(result.ErrorValue);
        }
    }

    internal static CoreLearning.Model Load(string path)
    {
        var result = CoreLearning.ModelJson.load(path);
        return result.IsOk ? result.ResultValue : throw new IOException(result.ErrorValue);
    }

    internal static Value LossOf(Loss loss, Value score, Value label) =>
        Value.FromExpression(CoreLearning.LossModule.sample(ToCore(loss), score.Expression, label.Expression));

    internal static Value L2(double alpha, IEnumerable<Value> parameters) =>
        Value.FromExpression(CoreLearning.LossModule.l2(alpha, parameters.Select(parameter => Guard.NotNull(parameter, nameof(parameters)).Expression)));

    /// <summary>Runs the core's gradient descent or ascent; its error (a sentence) becomes an <see cref="ArgumentException"/>.</summary>
    internal static OptimizationResult Optimize(
        OptimizationOptions options, Action<OptimizationProgress> progress, IReadOnlyDictionary<string, double> start, Value objective)
    {
        var schedule = options.Decay == LearningRateDecay.Linear
            ? CoreLearning.Schedule.NewLinearDecay(options.LearningRate, options.Steps)
            : CoreLearning.Schedule.NewConstant(options.LearningRate);
        var core = new CoreLearning.OptimizeOptions(
            options.Optimizer.Core,
            schedule,
            options.Steps,
            options.Target is { } target ? FSharpOption<double>.Some(target) : FSharpOption<double>.None,
            options.Direction == OptimizationDirection.Maximize ? CoreLearning.Direction.Maximize : CoreLearning.Direction.Minimize,
            ListModule.OfSeq(options.Parameters));
        var result = CoreLearning.Optimize.run(
            core,
            FuncConvert.FromAction<CoreLearning.OptimizeProgress>(p => progress(new OptimizationProgress(p.Step, p.Value))),
            start,
            objective.Expression);
        if (result.IsError)
        {
            throw new ArgumentException(result.ErrorValue, nameof(options));
        }

        var outcome = result.ResultValue;
        return new OptimizationResult(
            outcome.Steps,
            outcome.Value,
            outcome.ReachedTarget,
            outcome.Variables.ToDictionary(pair => pair.Item1, pair => pair.Item2, StringComparer.Ordinal));
    }

    /// <summary>Throws the problems the core found, if any, as one <see cref="ArgumentException"/>.</summary>
    private static void ThrowIfAny(FSharpList<string> problems, string parameterName)
    {
        if (!problems.IsEmpty)
        {
            throw new ArgumentException(string.Join(" ", problems), parameterName);
        }
    }

    private static IReadOnlyList<TResult> ToReadOnlyList<TSource, TResult>(FSharpList<TSource> list, Func<TSource, TResult> convert) =>
        list.Select(convert).ToArray();
}
