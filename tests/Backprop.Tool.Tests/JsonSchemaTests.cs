using System.Text.Json;
using Json.Schema;

namespace Backprop.Tool.Tests;

/// <summary>
/// Every JSON document the tool writes names its schema, <c>dotnet-backprop/COMMAND/1</c>, which is
/// the <c>$id</c> of a JSON Schema in docs/schemas/; the document validates against that schema
/// (JsonSchema.Net, draft 2020-12) and has no top-level property the schema does not describe.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class JsonSchemaTests(InstalledTool tool)
{
    private string Example(string name) => Path.Combine(tool.RepositoryRoot, "examples", name);

    public static TheoryData<string, string[]> Documents => new()
    {
        { "eval", ["eval", "neuron.bp", "--format", "json"] },
        { "check", ["check", "neuron.bp", "--format", "json"] },
        { "check", ["check", "rosenbrock.bp", "--order", "2", "--format", "json"] },
        { "hessian", ["hessian", "rosenbrock.bp", "--format", "json"] },
        { "jacobian", ["jacobian", "sigmoid-layer.bp", "--of", "a", "--format", "json"] },
        { "optimize", ["optimize", "quadratic.bp", "--rate", "0.1", "--steps", "3", "--format", "json"] },
        { "train", ["train", "micrograd-four-samples.csv", "--layers", "4", "--steps", "2", "--format", "json"] },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void A_json_document_names_its_schema_and_has_the_properties_it_requires(string command, string[] arguments)
    {
        var args = arguments.Select((a, k) => k == 1 ? Example(a) : a).ToArray();
        var run = tool.Run(args);
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        var root = document.RootElement;
        Assert.Equal($"dotnet-backprop/{command}/1", root.GetProperty("schema").GetString());

        var schemaText = File.ReadAllText(Path.Combine(tool.RepositoryRoot, "docs", "schemas", $"{command}.json"));
        using var schema = JsonDocument.Parse(schemaText);
        Assert.Equal($"dotnet-backprop/{command}/1", schema.RootElement.GetProperty("$id").GetString());
        AssertValid(schemaText, root, command);

        var described = schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var property in root.EnumerateObject())
        {
            Assert.True(described.Contains(property.Name), $"{command}: '{property.Name}' is not in the schema");
        }
    }

    [Fact]
    public void A_saved_model_validates_against_the_model_schema()
    {
        var model = Path.Combine(Path.GetTempPath(), $"backprop-schema-{Guid.NewGuid():N}.json");
        try
        {
            var run = tool.Run(["train", Example("micrograd-four-samples.csv"), "--layers", "4,4", "--activation", "tanh", "--steps", "2", "--save", model]);
            Assert.True(run.ExitCode == 0, run.Stderr);
            using var document = JsonDocument.Parse(File.ReadAllText(model));
            AssertValid(File.ReadAllText(Path.Combine(tool.RepositoryRoot, "docs", "schemas", "model.json")), document.RootElement, "the saved model");
        }
        finally
        {
            File.Delete(model);
        }
    }

    [Fact]
    public void A_document_that_breaks_its_schema_fails_validation_and_says_where()
    {
        var schemaText = File.ReadAllText(Path.Combine(tool.RepositoryRoot, "docs", "schemas", "eval.json"));
        using var broken = JsonDocument.Parse("""{ "schema": "dotnet-backprop/eval/1", "output": 3, "value": 1, "bindings": [] }""");
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertValid(schemaText, broken.RootElement, "the broken document"));
        Assert.Contains("/output", failure.Message);
    }

    /// <summary>Validates a document against a schema's text, listing every failure with where it is.</summary>
    internal static void AssertValid(string schemaText, JsonElement document, string what)
    {
        var schema = JsonSchema.FromText(schemaText, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var results = schema.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var failures = (results.Details ?? [])
            .Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Key}: {error.Value}"));
        Assert.True(results.IsValid, $"{what} does not validate against its schema:\n{string.Join("\n", failures)}");
    }
}
