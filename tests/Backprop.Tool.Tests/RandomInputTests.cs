namespace Backprop.Tool.Tests;

/// <summary>
/// A bounded, seeded run of the installed tool on random inputs: near-miss programs, mutated
/// examples and binary junk, through every command that reads a file. Whatever the input, the
/// tool answers with exit 0, 1 or 2 and never an internal error or a stack trace.
/// </summary>
[Collection(InstalledToolCollection.Name)]
public sealed class RandomInputTests(InstalledTool tool)
{
    private static readonly string[] Pieces =
    [
        "a", "b", "w", "x1", "_y", "tanh", "sqrt", "abs", "max", "pow", "sum", "dot", "f", "foo", "2", "-3.5", ".5",
        "1e-3", "1e999", "1e", "0", "+", "-", "*", "/", "**", "^", "@", "(", ")", "[", "]", ",", "=", " ", "\t",
        "#", "é", "\u200B", "\0", "\n", "\n", "\n", "f(p) = ", "w = [1, 2]", "W = [[1, 2], [3, 4]]",
    ];

    private static readonly string[][] Commands =
    [
        ["eval"], ["eval", "--format", "json"], ["check"], ["graph"], ["hessian"], ["derive"],
        ["derive", "--format", "csharp"], ["jacobian"], ["optimize", "--rate", "0.1", "--steps", "3"],
    ];

    private static string RandomText(Random random)
    {
        var text = new System.Text.StringBuilder();
        var count = random.Next(1, 40);
        for (var k = 0; k < count; k++)
        {
            text.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return text.ToString();
    }

    private string Mutated(Random random)
    {
        var examples = Directory.GetFiles(Path.Combine(tool.RepositoryRoot, "examples"), "*.bp");
        var text = File.ReadAllText(examples[random.Next(examples.Length)]).ToCharArray();
        for (var k = 0; k < 3; k++)
        {
            text[random.Next(text.Length)] = Pieces[random.Next(Pieces.Length)][0];
        }

        return new string(text);
    }

    [Fact]
    public void A_seeded_run_of_random_inputs_through_every_command_never_ends_in_an_internal_error()
    {
        var random = new Random(20261202);
        for (var k = 0; k < 120; k++)
        {
            var name = $"random-{k}.bp";
            switch (k % 3)
            {
                case 0:
                    tool.WriteFile(name, RandomText(random));
                    break;
                case 1:
                    tool.WriteFile(name, Mutated(random));
                    break;
                default:
                    var bytes = new byte[random.Next(1, 200)];
                    random.NextBytes(bytes);
                    tool.WriteBytes(name, bytes);
                    break;
            }

            var command = Commands[random.Next(Commands.Length)];
            var run = tool.Run([.. command, name]);
            var input = File.ReadAllText(Path.Combine(tool.Work, name));
            Assert.True(run.ExitCode is 0 or 1 or 2, $"{string.Join(' ', command)} {name}: exit {run.ExitCode}\n{run.Stderr}\ninput:\n{input}");
            Assert.DoesNotContain("internal error", run.Stderr);
            Assert.DoesNotContain("   at ", run.Stderr);
        }
    }
}
