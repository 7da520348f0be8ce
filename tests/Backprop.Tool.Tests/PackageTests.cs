using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Backprop.Tool.Tests;

/// <summary>The packed packages of <see cref="PackedFeed"/>, for <see cref="PackageTests"/>.</summary>
public sealed class PackedPackages
{
    public string Folder { get; } = PackedFeed.Folder;
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

    // The tool's symbols are those of its framework-dependent builds; the pointer package holds no
    // code and the Native AOT package no managed code.
    public static TheoryData<string> PackagesWithSymbols =>
        new([.. LibraryIds, "dotnet-backprop.any", "dotnet-backprop.win-x64", "dotnet-backprop.osx-arm64", "dotnet-backprop.linux-arm64"]);

    public static TheoryData<string> ToolPlatforms => new(["linux-x64", "linux-arm64", "osx-arm64", "win-x64"]);

    private static readonly Dictionary<string, string> NativeLibraryEnding = new()
    {
        ["linux-x64"] = ".so",
        ["linux-arm64"] = ".so",
        ["osx-arm64"] = ".dylib",
        ["win-x64"] = ".dll",
    };

    [Fact]
    public void The_tool_package_points_to_one_package_per_platform_and_a_framework_dependent_fallback()
    {
        using var package = ZipFile.OpenRead(PackageFile("dotnet-backprop"));
        var settings = package.Entries.Single(e => e.Name == "DotnetToolSettings.xml");
        using var stream = settings.Open();
        var rids = XDocument.Load(stream).Descendants().Where(e => e.Name.LocalName == "RuntimeIdentifierPackage")
            .ToDictionary(e => e.Attribute("RuntimeIdentifier")!.Value, e => e.Attribute("Id")!.Value);
        Assert.Equal(["any", "linux-arm64", "linux-x64", "osx-arm64", "win-x64"], rids.Keys.Order());
        foreach (var (rid, id) in rids)
        {
            Assert.Equal("dotnet-backprop." + rid, id);
            Assert.True(File.Exists(PackageFile(id)), $"no package {id}");
        }

        Assert.DoesNotContain(package.Entries, e => e.Name.EndsWith(".dll", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ToolPlatforms))]
    public void A_platform_package_carries_only_its_platforms_native_libraries_and_english(string rid)
    {
        using var package = ZipFile.OpenRead(PackageFile("dotnet-backprop." + rid));
        var files = package.Entries.Where(e => e.FullName.StartsWith("tools/", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(files, e => e.FullName.Contains("/runtimes/", StringComparison.Ordinal));
        Assert.Contains(files, e => e.Name == "libSkiaSharp" + NativeLibraryEnding[rid]);
        var foreign = NativeLibraryEnding.Values.Distinct().Where(ending => ending != NativeLibraryEnding[rid] && ending != ".dll");
        Assert.DoesNotContain(files, e => foreign.Any(ending => e.Name.EndsWith(ending, StringComparison.Ordinal)));
        Assert.DoesNotContain(files, e => e.Name.EndsWith(".resources.dll", StringComparison.Ordinal));
        Assert.DoesNotContain(files, e => e.Name.EndsWith(".xml", StringComparison.Ordinal) && e.Name != "DotnetToolSettings.xml");
    }

    [Fact]
    public void The_linux_x64_package_is_one_native_executable_compiled_ahead_of_time()
    {
        using var package = ZipFile.OpenRead(PackageFile("dotnet-backprop.linux-x64"));
        var tool = package.Entries.Single(e => e.Name == "Backprop.Tool");
        using (var stream = tool.Open())
        {
            var magic = new byte[4];
            stream.ReadExactly(magic);
            Assert.Equal(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }, magic);
        }

        Assert.DoesNotContain(package.Entries, e => e.Name.EndsWith(".dll", StringComparison.Ordinal));
        Assert.True(package.Entries.Sum(e => e.Length) < 60_000_000, "the installed tool stays under 60 MB");
    }

    [Theory]
    [InlineData("linux-arm64")]
    [InlineData("osx-arm64")]
    [InlineData("win-x64")]
    public void The_other_platform_packages_are_compiled_ahead_of_time_as_ReadyToRun(string rid)
    {
        using var package = ZipFile.OpenRead(PackageFile("dotnet-backprop." + rid));
        foreach (var name in new[] { "Backprop.Tool.dll", "Backprop.Functional.dll", "FSharp.Core.dll" })
        {
            using var copy = new MemoryStream();
            using (var stream = package.Entries.Single(e => e.Name == name).Open())
            {
                stream.CopyTo(copy);
            }

            copy.Position = 0;
            using var pe = new PEReader(copy);
            Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, $"{rid}: {name} is not ReadyToRun");
        }
    }

    [Theory]
    [MemberData(nameof(PackagesWithSymbols))]
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
