namespace Backprop.Fluent.Tests;

/// <summary>Mistakes a C# user can make, each answered by an exception whose message says what to do.</summary>
public class BadUseTests
{
    [Fact]
    public void Backward_through_a_variable_with_no_value_names_the_variable()
    {
        var x = Value.Variable("x");
        var y = x * Value.Of(2.0, "w");

        var error = Assert.Throws<InvalidOperationException>(() => y.Backward());

        Assert.Contains("'x' has no value", error.Message, StringComparison.Ordinal);
        Assert.Contains("Value.Of(number, \"x\")", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_the_data_of_a_value_with_an_unbound_variable_names_the_variable()
    {
        var error = Assert.Throws<InvalidOperationException>(() => (Value.Variable("speed") + 1).Data);

        Assert.Contains("'speed'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variable_with_no_value_can_be_given_one_in_the_bindings()
    {
        var x = Value.Variable("x");

        var g = (x * x).Backward(new Dictionary<string, double> { ["x"] = 3.0 });

        Assert.Equal(9.0, g.Value);
        Assert.Equal(6.0, g[x]);
    }

    [Fact]
    public void A_NaN_leaf_is_rejected_when_it_is_created()
    {
        var error = Assert.Throws<ArgumentException>(() => Value.Of(double.NaN, "a"));

        Assert.Contains("NaN", error.Message, StringComparison.Ordinal);
        Assert.Equal("data", error.ParamName);
    }

    [Fact]
    public void A_NaN_binding_is_rejected_naming_the_variable()
    {
        var x = Value.Variable("x");

        var error = Assert.Throws<ArgumentException>(() => x.Tanh().Backward(new Dictionary<string, double> { ["x"] = double.NaN }));

        Assert.Contains("'x' is NaN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_NaN_input_to_a_computation_is_rejected_naming_the_input()
    {
        var computation = Computation.Define().WithInput("x").WithOutput("y", s => s["x"] * 2).Build();

        var error = Assert.Throws<ArgumentException>(() => computation.Evaluate(new Dictionary<string, double> { ["x"] = double.NaN }));

        Assert.Contains("'x' is NaN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Infinite_inputs_are_allowed_and_propagate_per_IEEE()
    {
        var x = Value.Of(double.PositiveInfinity, "x");

        Assert.Equal(1.0, x.Tanh().Data);
        Assert.Equal(0.0, (-x).Relu().Data);
    }

    [Fact]
    public void A_computation_evaluated_without_one_of_its_inputs_names_the_input()
    {
        var computation = Computation.Define().WithInput("x").WithInput("y").WithOutput("z", s => s["x"] + s["y"]).Build();

        var error = Assert.Throws<ArgumentException>(() => computation.Evaluate(new Dictionary<string, double> { ["x"] = 1.0 }));

        Assert.Contains("input 'y' has no value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_input_is_rejected_listing_the_valid_names()
    {
        var computation = Computation.Define().WithInput("x").WithOutput("z", s => s["x"] * 2).Build();

        var error = Assert.Throws<ArgumentException>(() => computation.Evaluate(new Dictionary<string, double> { ["X"] = 1.0 }));

        Assert.Contains("'X' is not an input or parameter", error.Message, StringComparison.Ordinal);
        Assert.Contains("'x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_referring_to_an_undeclared_name_says_what_is_declared()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => Computation.Define().WithInput("x").WithStep("y", s => s["z"] + 1));

        Assert.Contains("'z' is not declared", error.Message, StringComparison.Ordinal);
        Assert.Contains("'x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_using_a_variable_that_is_neither_declared_nor_a_leaf_fails_to_build()
    {
        var builder = Computation.Define().WithInput("x").WithOutput("y", s => s["x"] * Value.Variable("rate"));

        var error = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Contains("WithInput(\"rate\")", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Declaring_a_name_twice_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Computation.Define().WithInput("x").WithParameter("x", 1.0));

        Assert.Contains("'x' is already declared (as input)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_leaves_with_one_name_and_different_numbers_are_rejected()
    {
        var sum = Value.Of(1.0, "a") + Value.Of(2.0, "a");

        var error = Assert.Throws<InvalidOperationException>(() => sum.Backward());

        Assert.Contains("both named 'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_leaves_with_one_name_and_one_number_are_one_variable()
    {
        var (first, second) = (Value.Of(3.0, "a"), Value.Of(3.0, "a"));

        var g = (first * second).Backward();

        Assert.Equal(6.0, g["a"]);
        Assert.Equal(6.0, g[first]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("$1")]
    public void Blank_or_reserved_names_are_rejected(string name)
    {
        Assert.Throws<ArgumentException>(() => Value.Of(1.0, name));
        Assert.Throws<ArgumentException>(() => Value.Variable(name));
        Assert.Throws<ArgumentException>(() => Computation.Define().WithInput(name));
    }

    [Fact]
    public void A_gradient_by_a_name_the_output_does_not_use_is_a_key_not_found_error()
    {
        var g = (Value.Of(1.0, "a") * 2).Backward();

        var error = Assert.Throws<KeyNotFoundException>(() => g["b"]);

        Assert.Contains("'b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_computation_with_nothing_to_output_fails_to_build()
    {
        var error = Assert.Throws<InvalidOperationException>(Computation.Define().WithInput("x").Build);

        Assert.Contains("no output", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_arguments_at_the_boundary_are_argument_null_errors()
    {
        var x = Value.Of(1.0, "x");

        Assert.Throws<ArgumentNullException>(() => Value.Of(1.0, null!));
        Assert.Throws<ArgumentNullException>(() => x.Backward(null!));
        Assert.Throws<ArgumentNullException>(() => x.Pow(null!));
        Assert.Throws<ArgumentNullException>(() => Value.Sum(null!));
        Assert.Throws<ArgumentNullException>(() => Value.Sum([x, null!]));
        Assert.Throws<ArgumentNullException>(() => x.Backward()[(Value)null!]);
        Assert.Throws<ArgumentNullException>(() => Computation.Define().WithStep("s", (Func<ComputationScope, Value>)null!));
        Assert.Throws<InvalidOperationException>(() => Computation.Define().WithStep("s", _ => null!));
    }
}
