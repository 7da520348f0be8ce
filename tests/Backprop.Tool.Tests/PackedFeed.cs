using System.Diagnostics;

namespace Backprop.Tool.Tests;

/// <summary>
/// The packages of this clone, packed once per test run and shared by every test that needs them
/// (<see cref="InstalledTool"/> installs the tool from here, <see cref="PackageTests"/> inspects them):
/// the tool's pointer package, its per-platform packages and its <c>any</c> package, and the libraries.
/// <c>./build.sh test</c> packs them once before the suites start and names the folder in
/// <c>BACKPROP_PACKAGES</c>; without it, the first test that asks packs them into a scratch folder.
/// </summary>
internal static class PackedFeed
{
    /// <summary>The variable that names a folder already holding this clone's packages.</summary>
    public const string Variable = "BACKPROP_PACKAGES";

    /// <summary>The packable projects, packed one by one: a pack of the solution would rebuild the
    /// test projects while they run.</summary>
    public static readonly string[] Projects =
    [
        "src/Backprop.Functional/Backprop.Functional.fsproj",
        "src/Backprop.Functional.Language/Backprop.Functional.Language.fsproj",
        "src/Backprop.Functional.Learning/Backprop.Functional.Learning.fsproj",
        "src/Backprop.Fluent/Backprop.Fluent.csproj",
        "src/Backprop.Interactive/Backprop.Interactive.fsproj",
        "tool/Backprop.Tool/Backprop.Tool.fsproj",
    ];

    private static readonly Lazy<string> Packed = new(Pack, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The folder that holds the packages (packing them on first use).</summary>
    public static string Folder => Packed.Value;

    /// <summary>The clone the tests run in.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    private static string Pack()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
        {
            var folder = Path.GetFullPath(given, RepositoryRoot);
            if (!Directory.EnumerateFiles(folder, "dotnet-backprop.*.nupkg").Any())
            {
                throw new InvalidOperationException($"{Variable}={given} holds no dotnet-backprop package");
            }

            return folder;
        }

        var scratch = Path.Combine(Path.GetTempPath(), "backprop-packages-" + Guid.NewGuid().ToString("N"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(scratch);
        PackLock.Hold(RepositoryRoot, () =>
        {
            foreach (var project in Projects)
            {
                Run("dotnet", "pack", Path.Combine(RepositoryRoot, project), "-c", Configuration, "-o", scratch, "-nologo");
            }
        });
        return scratch;
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{output.Result}\n{errors.Result}");
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Backprop.Functional.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the tests must run inside a clone of the repository");
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }
}
