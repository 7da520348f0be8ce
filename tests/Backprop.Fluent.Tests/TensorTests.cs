namespace Backprop.Fluent.Tests;

/// <summary>Vectors and matrices of values: the notebooks' dot-product gate and sigmoid layer, shapes and their errors.</summary>
public class TensorTests
{
    private static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    private static readonly double[,] NotebookW = { { 2.0, -3.0 }, { 1.0, 2.0 }, { 0.5, -0.1 } };

    [Fact]
    public void The_dot_product_gate_has_the_hackers_guide_value_and_gradients()
    {
        var w = ValueVector.Of([2.0, -3.0], "w");
        var x = ValueVector.Of([-1.0, -2.0], "x");

        var g = w.Dot(x).Sigmoid().Backward();

        var s = Sigmoid(4.0);
        Assert.Equal(0.9820137900379085, g.Value, Precision.Exact);
        Assert.Equal([-1.0 * s * (1 - s), -2.0 * s * (1 - s)], g.Of(w), (a, b) => Math.Abs(a - b) < Precision.Exact);
        Assert.Equal([2.0 * s * (1 - s), -3.0 * s * (1 - s)], g.Of(x), (a, b) => Math.Abs(a - b) < Precision.Exact);
        Assert.Equal(g.Of(w)[1], g["w[1]"]);
    }

    [Fact]
    public void A_gradient_ascent_step_on_the_dot_product_gate_increases_its_output()
    {
        double[] w = [2.0, -3.0], x = [-1.0, -2.0];
        var wv = ValueVector.Of(w, "w");
        var xv = ValueVector.Of(x, "x");
        var before = wv.Dot(xv).Sigmoid();
        var g = before.Backward();
        double[] dw = g.Of(wv), dx = g.Of(xv);

        const double StepSize = 0.01;
        var after = ValueVector.Of(w.Select((wi, i) => wi + StepSize * dw[i]).ToArray(), "w")
            .Dot(ValueVector.Of(x.Select((xi, i) => xi + StepSize * dx[i]).ToArray(), "x"))
            .Sigmoid();

        Assert.True(after.Data > before.Data, $"{after.Data} should exceed {before.Data}");
    }

    [Fact]
    public void The_sigmoid_layer_gradient_dW_equals_dz_times_x_transposed()
    {
        var W = ValueMatrix.Of(NotebookW, "W");
        double[] x = [-1.0, -2.0], v = [1.0, -2.0, 0.5];
        var a = W.MatMul(ValueVector.Constant(x)).Sigmoid();
        var loss = ValueVector.Constant(v).Dot(a);

        var g = loss.Backward();

        var dW = g.Of(W);
        Assert.Equal(3, dW.GetLength(0));
        Assert.Equal(2, dW.GetLength(1));
        for (var i = 0; i < 3; i++)
        {
            var ai = Sigmoid(NotebookW[i, 0] * x[0] + NotebookW[i, 1] * x[1]);
            var dz = v[i] * ai * (1 - ai);
            Assert.Equal(ai, g.ValuesOf(a)[i], Precision.Exact);
            for (var j = 0; j < 2; j++)
            {
                Assert.Equal(dz * x[j], dW[i, j], Precision.Exact);
            }
        }

        Assert.Equal(dW[1, 0], g["W[1,0]"]);
    }

    [Fact]
    public void The_gradient_of_the_sum_of_W_x_is_the_outer_product_of_ones_and_x()
    {
        var W = ValueMatrix.Of(NotebookW, "W");
        var x = ValueVector.Of([-1.0, -2.0], "x");

        var g = W.MatMul(x).Sum().Backward();

        Assert.Equal(new[,] { { -1.0, -2.0 }, { -1.0, -2.0 }, { -1.0, -2.0 } }, g.Of(W));
        Assert.Equal([2.0 + 1.0 + 0.5, -3.0 + 2.0 - 0.1], g.Of(x), (p, q) => Math.Abs(p - q) < Precision.Exact);
    }

    [Fact]
    public void The_vector_and_scalar_forms_of_a_computation_have_identical_gradients()
    {
        var w = ValueVector.Of([0.3, -1.2, 2.5], "w");
        var x = ValueVector.Of([1.5, 0.25, -0.75], "x");
        var vectorForm = ((w * x).Tanh().Sum() + w.Dot(x)).Backward();

        var scalarW = new[] { Value.Of(0.3, "w[0]"), Value.Of(-1.2, "w[1]"), Value.Of(2.5, "w[2]") };
        var scalarX = new[] { Value.Of(1.5, "x[0]"), Value.Of(0.25, "x[1]"), Value.Of(-0.75, "x[2]") };
        var tanhs = (scalarW[0] * scalarX[0]).Tanh() + (scalarW[1] * scalarX[1]).Tanh() + (scalarW[2] * scalarX[2]).Tanh();
        var dot = scalarW[0] * scalarX[0] + scalarW[1] * scalarX[1] + scalarW[2] * scalarX[2];
        var scalarForm = (tanhs + dot).Backward();

        Assert.Equal(scalarForm.Value, vectorForm.Value);
        Assert.Equal(scalarForm.Variables.OrderBy(p => p.Key), vectorForm.Variables.OrderBy(p => p.Key));
    }

    [Fact]
    public void Variable_vectors_and_matrices_take_their_numbers_from_bindings()
    {
        var W = ValueMatrix.Variable("W", 3, 2);
        var x = ValueVector.Variable("x", 2);
        var bindings = ValueMatrix.Bind("W", NotebookW).Concat(ValueVector.Bind("x", [-1.0, -2.0])).ToDictionary();

        var g = W.MatMul(x).Sigmoid().Sum().Backward(bindings);

        Assert.Equal(ValueMatrix.Of(NotebookW, "W").MatMul(ValueVector.Of([-1.0, -2.0], "x")).Sigmoid().Sum().Data, g.Value);
        Assert.Equal(["W[0,0]", "W[0,1]", "W[1,0]", "W[1,1]", "W[2,0]", "W[2,1]"], ValueMatrix.Bind("W", NotebookW).Keys);
        Assert.Equal([4.0, -5.0, -0.3], W.MatMul(x).Evaluate(bindings), (p, q) => Math.Abs(p - q) < Precision.Exact);
    }

    [Fact]
    public void Element_wise_operators_take_vectors_values_and_numbers_on_either_side()
    {
        var v = ValueVector.Of([1.0, 2.0], "v");
        var s = Value.Of(10.0, "s");

        Assert.Equal([11.0, 22.0], (v + v * s).Evaluate());
        Assert.Equal([9.0, 8.0], (s - v).Evaluate());
        Assert.Equal([0.5, 1.0], (v / 2.0).Evaluate());
        Assert.Equal([2.0, 1.0], (2.0 / v).Evaluate());
        Assert.Equal([-1.0, -2.0], (-v).Evaluate());
        Assert.Equal([1.0, 4.0], v.Pow(2).Evaluate());
        Assert.Equal([2.0, 3.0], v.Map(e => e + 1).Evaluate());
        Assert.Equal(1.5, v.Mean().Data);
    }

    [Fact]
    public void Matrices_transpose_index_and_take_outer_products()
    {
        var W = ValueMatrix.Of(NotebookW, "W");
        var outer = ValueVector.Of([1.0, 2.0], "a").Outer(ValueVector.Of([3.0, 4.0, 5.0], "b"));

        Assert.Equal(new[,] { { 2.0, 1.0, 0.5 }, { -3.0, 2.0, -0.1 } }, W.Transpose().Evaluate());
        Assert.Equal(new[,] { { 3.0, 4.0, 5.0 }, { 6.0, 8.0, 10.0 } }, outer.Evaluate());
        Assert.Equal((3, 2, 6), (W.Rows, W.Columns, W.Count));
        Assert.Equal("W[1,0]", W[1, 0].Name);
        Assert.Equal([1.0, 2.0], W.Row(1).Evaluate());
        Assert.Equal([-3.0, 2.0, -0.1], W.Column(1).Evaluate());
        Assert.Equal(new[,] { { 13.0, 0.0 } }, ValueMatrix.Constant(new[,] { { 1.0, 2.0, 3.0 } }).MatMul(ValueMatrix.Constant(new[,] { { 2.0, 1.0 }, { 4.0, 1.0 }, { 1.0, -1.0 } })).Evaluate());
        Assert.Equal((W * W).Sum().Data, W.Elements.Sum(e => e.Data * e.Data), Precision.Exact);
    }

    [Fact]
    public void A_matrix_vector_product_of_the_wrong_shapes_names_both_shapes()
    {
        var W = ValueMatrix.Of(NotebookW, "W");
        var x = ValueVector.Of([1.0, 2.0, 3.0], "x");

        var error = Assert.ThrowsAny<ArgumentException>(() => W.MatMul(x));

        Assert.StartsWith("shape mismatch: W is 3×2, x has 3 elements", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shape_errors_are_argument_exceptions_with_clear_messages()
    {
        var a = ValueVector.Of([1.0, 2.0], "a");
        var b = ValueVector.Of([1.0, 2.0, 3.0], "b");

        Assert.Contains("a has 2 elements, b has 3 elements", Assert.ThrowsAny<ArgumentException>(() => a + b).Message, StringComparison.Ordinal);
        Assert.Contains("equal length", Assert.ThrowsAny<ArgumentException>(() => a.Dot(b)).Message, StringComparison.Ordinal);
        Assert.Contains("index out of range", Assert.ThrowsAny<ArgumentException>(() => a[2]).Message, StringComparison.Ordinal);
        Assert.Contains("index out of range", Assert.ThrowsAny<ArgumentException>(() => ValueMatrix.Of(NotebookW, "W")[3, 0]).Message, StringComparison.Ordinal);
        Assert.Contains("mean needs at least one element", Assert.ThrowsAny<ArgumentException>(() => ValueVector.Constant([]).Mean()).Message, StringComparison.Ordinal);
        Assert.ThrowsAny<ArgumentException>(() => ValueVector.Variable("v", -1));
    }

    [Fact]
    public void Bad_arguments_are_rejected_at_the_boundary()
    {
        var v = ValueVector.Of([1.0], "v");

        Assert.Throws<ArgumentNullException>(() => v + (ValueVector)null!);
        Assert.Throws<ArgumentNullException>(() => ValueVector.Of(null!, "v"));
        Assert.Throws<ArgumentException>(() => ValueVector.Of([double.NaN], "v"));
        Assert.Throws<ArgumentException>(() => ValueMatrix.Constant(new[,] { { double.NaN } }));
        Assert.Throws<ArgumentException>(() => v * double.NaN);
        Assert.Throws<ArgumentException>(() => ValueVector.Of([1.0], "$v"));
        Assert.Throws<ArgumentNullException>(() => v.Map(_ => null!).Sum());
    }

    [Fact]
    public void A_layer_of_random_shape_passes_the_numeric_gradient_check()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 5; trial++)
        {
            int rows = random.Next(1, 5), columns = random.Next(1, 5);
            var data = new double[rows, columns];
            for (var k = 0; k < rows * columns; k++)
            {
                data[k / columns, k % columns] = random.NextDouble() * 2 - 1;
            }

            var W = ValueMatrix.Of(data, "W");
            var x = ValueVector.Of(Enumerable.Range(0, columns).Select(_ => random.NextDouble()).ToArray(), "x");

            var report = W.MatMul(x).Tanh().Pow(2).Mean().CheckGradients();

            Assert.True(report.Passed, $"{rows}×{columns}: " + string.Join("; ", report.Variables.Where(v => !v.Passed)));
        }
    }
}
