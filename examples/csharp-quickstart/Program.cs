// The C# quick start: micrograd's walk-through with Backprop.Fluent.
// Run it with: dotnet run --project examples/csharp-quickstart
using Backprop.Fluent;
using Backprop.Fluent.Learning;

// 1. Values and operators, as in micrograd: build, call Backward(), read gradients.
var a = Value.Of(2.0, "a");
var b = Value.Of(-3.0, "b");
var c = Value.Of(10.0, "c");
var f = Value.Of(-2.0, "f");
var e = a * b;
var d = e + c;
var L = d * f;

var g = L.Backward();
Console.WriteLine($"L = {g.Value}");
Console.WriteLine($"dL/da = {g[a]}, dL/db = {g[b]}, dL/dc = {g[c]}, dL/df = {g["f"]}");
Console.WriteLine($"dL/de = {g[e]}, dL/dd = {g[d]}");

// One step of gradient ascent: nudge every leaf along its gradient and L goes up.
var nudged = (Value.Of(a.Data + 0.01 * g[a], "a") * Value.Of(b.Data + 0.01 * g[b], "b")
    + Value.Of(c.Data + 0.01 * g[c], "c")) * Value.Of(f.Data + 0.01 * g[f], "f");
Console.WriteLine($"after one ascent step: L = {nudged.Data}");
Console.WriteLine();

// 2. A neuron as a computation, built once and evaluated with new inputs.
var neuron = Computation.Define()
    .WithInput("x1").WithInput("x2")
    .WithParameter("w1", -3.0).WithParameter("w2", 1.0).WithParameter("b", 6.8813735870195432)
    .WithStep("x1w1", s => s["x1"] * s["w1"])
    .WithStep("x2w2", s => s["x2"] * s["w2"])
    .WithStep("n", s => s["x1w1"] + s["x2w2"] + s["b"])
    .WithOutput("o", s => s["n"].Tanh())
    .Build();

var result = neuron.Evaluate(new Dictionary<string, double> { ["x1"] = 2.0, ["x2"] = 0.0 });
Console.WriteLine($"{"name",-6}{"value",22}{"grad",22}");
foreach (var node in result.Nodes)
{
    Console.WriteLine($"{node.Name,-6}{node.Value,22:R}{node.Gradient,22:R}");
}

Console.WriteLine();

// 3. Check the analytic gradients against central differences.
var report = neuron.CheckGradients(new Dictionary<string, double> { ["x1"] = 2.0, ["x2"] = 0.0 });
foreach (var variable in report.Variables)
{
    Console.WriteLine(variable);
}

Console.WriteLine(report.Passed ? "gradient check passed" : "gradient check FAILED");
Console.WriteLine();

// 4. Many samples at once through the same compiled tape, on all cores.
var batch = neuron.EvaluateBatch([[2.0, 0.0], [1.0, -1.0], [0.0, 3.0]]);
Console.WriteLine($"batch outputs: {string.Join(", ", batch.Values.Select(v => v.ToString("F6")))}; d(o)/d(w1): {string.Join(", ", batch.GradientsOf("w1").Select(v => v.ToString("F6")))}");

// 5. Vectors: the Hacker's guide dot-product gate sigmoid(w · x), and a layer sigmoid(W x).
var w = ValueVector.Of([2.0, -3.0], "w");
var x = ValueVector.Of([-1.0, -2.0], "x");
var gate = w.Dot(x).Sigmoid().Backward();
Console.WriteLine($"sigmoid(w·x) = {gate.Value:F6}, dw = [{string.Join(", ", gate.Of(w).Select(v => v.ToString("F6")))}]");
var W = ValueMatrix.Of(new[,] { { 2.0, -3.0 }, { 1.0, 2.0 }, { 0.5, -0.1 } }, "W");
var layer = W.MatMul(x).Sigmoid().Sum().Backward();
var dW = layer.Of(W);
Console.WriteLine($"d sum(sigmoid(W x)) / dW[1,0] = {dW[1, 0]:F6}");

// 6. Training: micrograd's moons demo, saved and loaded back.
var moons = Dataset.Moons(100, noise: 0.1, seed: 1);
var trained = Trainer.Train(moons, TrainingOptions.Default, p =>
{
    if (p.Step % 25 == 0)
    {
        Console.WriteLine(p);
    }
});
Console.WriteLine($"moons: loss {trained.Loss:F6}, training accuracy {trained.Accuracy * 100:0.##}%");
var path = Path.Combine(Path.GetTempPath(), $"moons-model-{Environment.ProcessId}.json");
trained.Model.Save(path);
var loaded = Model.Load(path);
File.Delete(path);
var same = loaded.Scores(moons.Features).SequenceEqual(trained.Model.Scores(moons.Features));
Console.WriteLine(same ? "the loaded model predicts identically" : "the loaded model DIFFERS");
return report.Passed && same ? 0 : 1;
