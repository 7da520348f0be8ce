using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Backprop.Tool.Tests;

/// <summary>Packs every package of the solution once, into a scratch folder, for <see cref="PackageTests"/>.</summary>
public sealed class PackedPackages : IDisposable
{
    public PackedPackages()
    {
        var tool = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(tool.FullName, "Backprop.Functional.sln")))
        {
            tool = tool.Parent ?? throw new InvalidOperationException("the tests must run inside a clone of the repository");
        }

        RepositoryRoot = tool.FullName;
        Folder = Path.Combine(Path.GetTempPath(), "backprop-packages-" + Guid.NewGuid().ToString("N"));
        // Each packable project on its own: a pack of the solution would build the test projects too,
        // while they run.
        PackLock.Hold(RepositoryRoot, () =>
        {
            foreach (var project in PackableProjects)
            {
                Pack(Path.Combine(RepositoryRoot, project));
            }
        });
    }

    private static readonly string[] PackableProjects =
    [
        "src/Backprop.Functional/Backprop.Functional.fsproj",
        "src/Backprop.Functional.Language/Backprop.Functional.Language.fsproj",
        "src/Backprop.Functional.Learning/Backprop.Functional.Learning.fsproj",
        "src/Backprop.Fluent/Backprop.Fluent.csproj",
        "src/Backprop.Interactive/Backprop.Interactive.fsproj",
        "tool/Backprop.Tool/Backprop.Tool.fsproj",
    ];

    private void Pack(string project)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var argument in new[] { "pack", project, "-c", Configuration, "-o", Folder, "-nologo" })
        {
            start.ArgumentList.Add(argument);
        }

        using var pack = System.Diagnostics.Process.Start(start)!;
        var output = pack.StandardOutput.ReadToEndAsync();
        var errors = pack.StandardError.ReadToEndAsync();
        pack.WaitForExit();
        if (pack.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet pack {project} failed:\n{output.Result}\n{errors.Result}");
        }
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public string RepositoryRoot { get; }

    public string Folder { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// Every package is fit for a feed: its own short README (no relative links or pictures, which
/// break on a package page), a description of what it does now, tags, the MIT license expression,
/// XML docs, symbols in a .snupkg, a deterministic build, and the commit it was built from.
/// </summary>
public sealed class PackageTests(PackedPackages packed) : IClassFixture<PackedPackages>
{
    private static readonly string[] LibraryIds =
        ["Backprop.Functional", "Backprop.Functional.Language", "Backprop.Functional.Learning", "Backprop.Fluent", "Backprop.Interactive"];

    public static TheoryData<string> Libraries => new(LibraryIds);

    public static TheoryData<string> Packages => new([.. LibraryIds, "dotnet-backprop"]);

    private string PackageFile(string id) =>
        Directory.GetFiles(packed.Folder, id + ".*.nupkg")
            .Single(file => Regex.IsMatch(Path.GetFileName(file), "^" + Regex.Escape(id) + @"\.\d+\.\d+\.\d+(-[a-z0-9.]+)?\.nupkg$"));

    private static XElement Metadata(ZipArchive package)
    {
        var nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        var root = XDocument.Load(stream).Root!;
        return root.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string? Field(XElement metadata, string name) =>
        metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

    [Theory]
    [MemberData(nameof(Packages))]
    public void A_package_has_a_description_tags_and_the_MIT_license_expression(string id)
    {
        using var package = ZipFile.OpenRead(PackageFile(id));
        var metadata = Metadata(package);
        Assert.Equal(id, Field(metadata, "id"));
        Assert.True(Field(metadata, "description") is { Length: > 60 }, $"{id}: a description of what it does");
        Assert.False(string.IsNullOrWhiteSpace(Field(metadata, "tags")), $"{id}: tags");
        var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal("MIT", license.Value);
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void A_package_carries_its_own_short_readme_without_relative_links_or_pictures(string id)
    {
        using var package = ZipFile.OpenRead(PackageFile(id));
        Assert.Equal("README.md", Field(Metadata(package), "readme"));
        using var reader = new StreamReader(package.GetEntry("README.md")!.Open());
        var readme = reader.ReadToEnd();
        Assert.StartsWith("# " + id, readme);
        Assert.DoesNotContain("![", readme);
        Assert.Empty(Regex.Matches(readme, @"\]\((?!https?://)[^)]*\)").Select(m => m.Value));
        Assert.Contains("```", readme);
        Assert.True(readme.Split('\n').Length <= 60, $"{id}: a short README ({readme.Split('\n').Length} lines)");
    }

    [Fact]
    public void The_tools_description_names_what_the_tool_does_now()
    {
        using var package = ZipFile.OpenRead(PackageFile("dotnet-backprop"));
        var description = Field(Metadata(package), "description")!;
        foreach (var command in new[] { "gradient", "graph", "Hessian", "Jacobian", "plot", "gradient descent", "train" })
        {
            Assert.Contains(command, description, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void A_library_package_has_xml_docs_and_a_deterministic_assembly(string id)
    {
        using var package = ZipFile.OpenRead(PackageFile(id));
        Assert.NotNull(package.GetEntry($"lib/net10.0/{id}.xml"));
        var assembly = package.GetEntry($"lib/net10.0/{id}.dll")!;
        using var copy = new MemoryStream();
        using (var stream = assembly.Open())
        {
            stream.CopyTo(copy);
        }

        copy.Position = 0;
        using var pe = new PEReader(copy);
        Assert.Contains(pe.ReadDebugDirectory(), entry => entry.Type == DebugDirectoryEntryType.Reproducible);
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void A_package_has_its_symbols_beside_it_in_a_snupkg(string id)
    {
        var symbols = Path.ChangeExtension(PackageFile(id), ".snupkg");
        Assert.True(File.Exists(symbols), $"{id}: no {Path.GetFileName(symbols)}");
        using var package = ZipFile.OpenRead(symbols);
        Assert.Contains(package.Entries, e => e.FullName.EndsWith(".pdb", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void A_package_built_from_a_clone_names_the_commit_it_was_built_from(string id)
    {
        using var package = ZipFile.OpenRead(PackageFile(id));
        var repository = Metadata(package).Elements().SingleOrDefault(e => e.Name.LocalName == "repository");
        Assert.NotNull(repository);
        Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? "");
    }
}
