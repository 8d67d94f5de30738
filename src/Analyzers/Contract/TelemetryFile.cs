using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Instrumentation.Analyzers.Contract;

/// <summary>One line of a telemetry file: its item, or why it could not be read.</summary>
internal sealed class TelemetryLine
{
    public TelemetryLine(TelemetryItem? item, string? error, Location location, string text)
    {
        Item = item;
        Error = error;
        Location = location;
        Text = text;
    }

    public TelemetryItem? Item { get; }

    public string? Error { get; }

    /// <summary>The whole line (without its end) in the additional file.</summary>
    public Location Location { get; }

    public string Text { get; }
}

/// <summary>
/// <c>Telemetry.Shipped.txt</c> or <c>Telemetry.Unshipped.txt</c>, read from the compilation's additional files. Blank lines
/// and lines starting with <c>#</c> are comments.
/// </summary>
internal sealed class TelemetryFile
{
    public const string ShippedName = "Telemetry.Shipped.txt";
    public const string UnshippedName = "Telemetry.Unshipped.txt";

    private TelemetryFile(string path, List<TelemetryLine> lines)
    {
        Path = path;
        Lines = lines;
    }

    public string Path { get; }

    public IReadOnlyList<TelemetryLine> Lines { get; }

    /// <summary>The two files, or null when the project has no <c>Telemetry.Shipped.txt</c> (the contract is opt-in).</summary>
    public static (TelemetryFile Shipped, TelemetryFile? Unshipped)? ReadBoth(AnalyzerOptions options, CancellationToken cancellationToken)
    {
        TelemetryFile? shipped = null, unshipped = null;
        foreach (var file in options.AdditionalFiles.OrderBy(f => f.Path, System.StringComparer.Ordinal))
        {
            var name = System.IO.Path.GetFileName(file.Path);
            if (shipped is null && string.Equals(name, ShippedName, System.StringComparison.OrdinalIgnoreCase))
            {
                shipped = Read(file, cancellationToken);
            }
            else if (unshipped is null && string.Equals(name, UnshippedName, System.StringComparison.OrdinalIgnoreCase))
            {
                unshipped = Read(file, cancellationToken);
            }
        }

        return shipped is null ? null : (shipped, unshipped);
    }

    private static TelemetryFile? Read(AdditionalText file, CancellationToken cancellationToken)
    {
        var text = file.GetText(cancellationToken);
        if (text is null)
        {
            return null;
        }

        var lines = new List<TelemetryLine>();
        foreach (var line in text.Lines)
        {
            var content = line.ToString();
            var trimmed = content.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith("#", System.StringComparison.Ordinal))
            {
                continue;
            }

            var start = line.Start + (content.Length - content.TrimStart().Length);
            var span = TextSpan.FromBounds(start, start + trimmed.Length);
            var location = Location.Create(file.Path, span, text.Lines.GetLinePositionSpan(span));
            var item = TelemetryLineParser.Parse(trimmed, out var error);
            lines.Add(new TelemetryLine(item, error, location, trimmed));
        }

        return new TelemetryFile(file.Path, lines);
    }
}
