using System.Text.Json;

namespace Backprop.Tool.Tests;

/// <summary>
/// Every JSON document the tool writes names its schema, <c>dotnet-backprop/COMMAND/1</c>, which is
/// the <c>$id</c> of a JSON Schema in docs/schemas/; the document has every property the schema
/// requires, and no top-level property the schema does not describe.
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

        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(tool.RepositoryRoot, "docs", "schemas", $"{command}.json")));
        Assert.Equal($"dotnet-backprop/{command}/1", schema.RootElement.GetProperty("$id").GetString());
        foreach (var required in schema.RootElement.GetProperty("required").EnumerateArray())
        {
            Assert.True(root.TryGetProperty(required.GetString()!, out _), $"{command}: no '{required}'");
        }

        var described = schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var property in root.EnumerateObject())
        {
            Assert.True(described.Contains(property.Name), $"{command}: '{property.Name}' is not in the schema");
        }
    }
}
