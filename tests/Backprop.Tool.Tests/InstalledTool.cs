using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Backprop.Tool.Tests;

/// <summary>What one run of the tool did.</summary>
public sealed record ToolRun(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// The tool as a user has it: packed once per test run (<see cref="PackedFeed"/>), installed from
/// there with <c>dotnet tool install --tool-path</c> (on linux-x64, the Native AOT package), and run
/// through the installed command. A private NuGet cache keeps an older package of the same version
/// from being installed instead.
/// </summary>
public sealed class InstalledTool : IDisposable
{
    /// <summary>The package id and command name.</summary>
    public const string PackageId = "dotnet-backprop";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public InstalledTool()
    {
        Root = Path.Combine(Path.GetTempPath(), "backprop-tool-tests-" + Guid.NewGuid().ToString("N"));
        PackageSource = PackedFeed.Folder;
        ToolPath = Path.Combine(Root, "tools");
        NuGetCache = Path.Combine(Root, "nuget-cache");
        Work = Path.Combine(Root, "work");
        Directory.CreateDirectory(Work);
        RepositoryRoot = PackedFeed.RepositoryRoot;
        DotnetRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

        CliHome = Path.Combine(Root, "cli-home");
        // The pointer package: dotnet-backprop.VERSION.nupkg, beside dotnet-backprop.RID.VERSION.nupkg.
        var package = Directory.GetFiles(PackageSource, PackageId + ".*.nupkg")
            .Single(file => char.IsAsciiDigit(Path.GetFileName(file)[PackageId.Length + 1]));
        Version = Path.GetFileNameWithoutExtension(package)[(PackageId.Length + 1)..];

        // Only the packed package is visible to the install: no other feed is consulted.
        File.WriteAllText(Path.Combine(Root, "nuget.config"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n    <clear />\n  </packageSources>\n</configuration>\n");
        Dotnet(Root, isolated: true, "tool", "install", PackageId, "--tool-path", ToolPath, "--add-source", PackageSource,
            "--version", Version, "--configfile", Path.Combine(Root, "nuget.config"));
        Shim = Path.Combine(ToolPath, OperatingSystem.IsWindows() ? PackageId + ".exe" : PackageId);
    }

    /// <summary>The temporary folder that holds everything of this test run.</summary>
    public string Root { get; }

    /// <summary>Where the packages were packed.</summary>
    public string PackageSource { get; }

    /// <summary>The <c>--tool-path</c> the tool is installed into.</summary>
    public string ToolPath { get; }

    /// <summary>The private NuGet cache of this test run.</summary>
    public string NuGetCache { get; }

    /// <summary>
    /// The DOTNET_CLI_HOME of the runs: the CLI remembers where local tools live
    /// (toolResolverCache) there, and a memory from an earlier run would point into its deleted cache.
    /// </summary>
    public string CliHome { get; }

    /// <summary>A scratch folder that tool runs use as their working directory.</summary>
    public string Work { get; }

    /// <summary>The clone the tests run in.</summary>
    public string RepositoryRoot { get; }

    /// <summary>The .NET installation running the tests; the shim and the CLI come from it.</summary>
    public string DotnetRoot { get; }

    /// <summary>The packed version.</summary>
    public string Version { get; }

    /// <summary>The installed shim, <c>dotnet-backprop</c>.</summary>
    public string Shim { get; }

    /// <summary>The <c>dotnet</c> executable.</summary>
    public string DotnetExecutable =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host
            ? host
            : Path.Combine(DotnetRoot, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");

    /// <summary>Runs the installed shim with the arguments in <see cref="Work"/>.</summary>
    public ToolRun Run(params string[] arguments) => RunIn(Work, null, arguments);

    /// <summary>Runs the installed shim with text on standard input.</summary>
    public ToolRun RunWithInput(string stdin, params string[] arguments) => RunIn(Work, stdin, arguments);

    /// <summary>Runs the installed shim in a working directory.</summary>
    public ToolRun RunIn(string workingDirectory, string? stdin, params string[] arguments) =>
        Execute(Shim, workingDirectory, stdin, arguments);

    /// <summary>Runs <c>dotnet</c> itself (for example <c>dotnet backprop</c>) with the shim's folder on PATH.</summary>
    public ToolRun RunDotnet(string workingDirectory, params string[] arguments) =>
        Execute(DotnetExecutable, workingDirectory, null, arguments);

    /// <summary>Runs <c>dotnet</c> without the shim's folder on PATH, as after a local-manifest install.</summary>
    public ToolRun RunDotnetWithoutToolPath(string workingDirectory, params string[] arguments) =>
        Execute(DotnetExecutable, workingDirectory, null, arguments, withToolPath: false);

    /// <summary>Runs any program found on PATH, with extra environment variables.</summary>
    public ToolRun RunProgram(string program, string workingDirectory, (string Name, string Value)[] environment,
        params string[] arguments) =>
        Execute(program, workingDirectory, null, arguments, environment: environment);

    /// <summary>Writes a file into <see cref="Work"/> and returns its name relative to it.</summary>
    public string WriteFile(string name, string text)
    {
        File.WriteAllText(Path.Combine(Work, name), text, new UTF8Encoding(false));
        return name;
    }

    /// <summary>Writes bytes into <see cref="Work"/> and returns the name relative to it.</summary>
    public string WriteBytes(string name, byte[] bytes)
    {
        File.WriteAllBytes(Path.Combine(Work, name), bytes);
        return name;
    }

    private ToolRun Execute(string executable, string workingDirectory, string? stdin, string[] arguments,
        bool withToolPath = true, bool isolated = true, (string Name, string Value)[]? environment = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ROOT"] = DotnetRoot;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        if (isolated)
        {
            start.Environment["NUGET_PACKAGES"] = NuGetCache;
            start.Environment["DOTNET_CLI_HOME"] = CliHome;
        }

        if (withToolPath)
        {
            start.Environment["PATH"] = ToolPath + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        }

        start.Environment.Remove("NO_COLOR");
        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        // Read both streams concurrently so that neither can fill its pipe and block the process.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} {string.Join(' ', arguments)} did not finish in {Timeout}");
        }

        return new ToolRun(process.ExitCode, stdout.Result, stderr.Result);
    }

    private void Dotnet(string workingDirectory, bool isolated, params string[] arguments)
    {
        var run = Execute(DotnetExecutable, workingDirectory, null, arguments, isolated: isolated);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"dotnet {string.Join(' ', arguments)} exited {run.ExitCode}:\n{run.Stdout}\n{run.Stderr}");
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }
}

/// <summary>Every test class in this collection shares one packed and installed tool.</summary>
[CollectionDefinition(Name)]
public sealed class InstalledToolCollection : ICollectionFixture<InstalledTool>
{
    public const string Name = "installed tool";
}
