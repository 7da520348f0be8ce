using System.Text;

namespace Backprop.Tool.Tests;

/// <summary>
/// Expected outputs kept as files under golden/. Set UPDATE_GOLDEN=1 to rewrite them from the
/// actual output, then review the diff.
/// </summary>
public static class Golden
{
    public static void Verify(InstalledTool tool, string name, string actual)
    {
        var path = Path.Combine(tool.RepositoryRoot, "tests", "Backprop.Tool.Tests", "golden", name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual, new UTF8Encoding(false));
            return;
        }

        Assert.True(File.Exists(path), $"no golden file {name}; run the tests with UPDATE_GOLDEN=1 to create it");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.Equal(expected, actual);
    }
}
