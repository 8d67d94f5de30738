using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Instrumentation.BuildTasks;

/// <summary>
/// Writes telemetry.json (docs/telemetry-catalog.md) from the catalog sections the generators embedded in the built
/// assembly. The file is written only when its text changes, so an unchanged catalog keeps its timestamp; an assembly
/// without sections writes nothing.
/// </summary>
public sealed class WriteTelemetryCatalogFile : Task
{
    /// <summary>The built assembly (the intermediate one, before it is copied).</summary>
    [Required]
    public string AssemblyPath { get; set; } = string.Empty;

    /// <summary>The assembly name written in the file.</summary>
    [Required]
    public string AssemblyName { get; set; } = string.Empty;

    /// <summary>Where telemetry.json is written.</summary>
    [Required]
    public string OutputPath { get; set; } = string.Empty;

    /// <summary>Reads the sections and writes the file when its text changed.</summary>
    /// <returns>True: a missing or unreadable assembly is a warning, never a failed build.</returns>
    public override bool Execute()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(AssemblyPath);
        }
        catch (IOException e)
        {
            Log.LogWarning("telemetry.json not written: " + e.Message);
            return true;
        }

        var found = CatalogSectionReader.Read(bytes);
        if (found.Count == 0)
        {
            return true;
        }

        var text = new StringBuilder();
        text.Append("{\n  \"schemaVersion\": 1,\n  \"assembly\": ").Append(Quote(AssemblyName));
        foreach (var section in CatalogSectionReader.Sections)
        {
            text.Append(",\n  \"").Append(section).Append("\": ").Append(found.TryGetValue(section, out var json) ? json : "[]");
        }

        text.Append("\n}\n");
        var content = text.ToString();
        var path = Path.GetFullPath(OutputPath);
        if (File.Exists(path) && File.ReadAllText(path, Encoding.UTF8) == content)
        {
            return true;
        }

        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, content, new UTF8Encoding(false));
        Log.LogMessage(MessageImportance.Low, "Wrote " + path);
        return true;
    }

    private static string Quote(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c == '"' || c == '\\')
            {
                builder.Append('\\').Append(c);
            }
            else if (c < ' ')
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }
}
