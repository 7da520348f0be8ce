using System.Xml.Linq;
using SkiaSharp;

namespace Backprop.Tool.Tests;

/// <summary>What the picture tests read from the files the tool writes.</summary>
public static class Pictures
{
    /// <summary>The width, height and brightness spread of a PNG, decoded.</summary>
    public sealed record Png(int Width, int Height, double BrightnessVariance, int DistinctColours);

    /// <summary>Decodes a PNG; fails the test when the file is not one.</summary>
    public static Png ReadPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 8 && bytes[0] == 0x89 && bytes[1] == (byte)'P' && bytes[2] == (byte)'N' && bytes[3] == (byte)'G',
            $"{path} does not start with the PNG signature");
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.True(bitmap is not null, $"{path} does not decode as a PNG");

        double sum = 0, sumOfSquares = 0;
        var colours = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var pixel = bitmap.GetPixel(x, y);
                // Transparent pixels count as white, as a viewer shows them on a white page.
                var alpha = pixel.Alpha / 255.0;
                var brightness = alpha * (0.299 * pixel.Red + 0.587 * pixel.Green + 0.114 * pixel.Blue) + (1 - alpha) * 255;
                sum += brightness;
                sumOfSquares += brightness * brightness;
                colours.Add((uint)pixel);
            }
        }

        var count = (double)bitmap.Width * bitmap.Height;
        var mean = sum / count;
        return new Png(bitmap.Width, bitmap.Height, sumOfSquares / count - mean * mean, colours.Count);
    }

    /// <summary>Parses an SVG as XML; fails the test when it does not parse or is not SVG.</summary>
    public static XDocument ReadSvg(string path)
    {
        var svg = XDocument.Load(path);
        Assert.Equal("svg", svg.Root!.Name.LocalName);
        return svg;
    }

    /// <summary>All the text of an SVG's text elements, one string per element.</summary>
    public static IReadOnlyList<string> Texts(XDocument svg) =>
        svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToList();

    /// <summary>Asserts that a PNG is a real picture: not one flat colour, nor nearly so.</summary>
    public static void AssertNotBlank(Png png)
    {
        Assert.True(png.BrightnessVariance > 100, $"the picture is nearly blank: brightness variance {png.BrightnessVariance:F1}");
        Assert.True(png.DistinctColours > 2, $"the picture has only {png.DistinctColours} colours");
    }
}
