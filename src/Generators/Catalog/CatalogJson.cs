using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Instrumentation.Generators.Catalog;

/// <summary>
/// Writes the JSON of the telemetry catalog (docs/telemetry-catalog.md) by hand, deterministically: a section is an
/// array of objects indented for its place in <c>telemetry.json</c> (two spaces per level, <c>\n</c> line ends);
/// fields and string lists are written on one line.
/// </summary>
internal static class CatalogJson
{
    /// <summary>A JSON string literal.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < ' ' || c == '\u2028' || c == '\u2029')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>A list of strings on one line: <c>[ "a", "b" ]</c>, or <c>[]</c>.</summary>
    public static string Strings(IEnumerable<string> values)
    {
        var items = values.Select(Quote).ToList();
        return items.Count == 0 ? "[]" : "[ " + string.Join(", ", items) + " ]";
    }

    /// <summary>A field on one line: <c>{ "name": "x", "tenant": true, "classification": "personal" }</c>.</summary>
    public static string Field(CatalogField field, bool withTenant)
    {
        var text = "{ \"name\": " + Quote(field.Name);
        if (withTenant)
        {
            text += ", \"tenant\": " + Bool(field.IsTenant);
        }

        if (field.Classification is { } classification)
        {
            text += ", \"classification\": " + Quote(classification);
        }

        return text + " }";
    }

    /// <summary>Items written one per line inside brackets, at <paramref name="indent"/> levels.</summary>
    public static string Lines(IReadOnlyList<string> items, int indent)
    {
        if (items.Count == 0)
        {
            return "[]";
        }

        var pad = new string(' ', indent * 2);
        var inner = new string(' ', (indent + 1) * 2);
        return "[\n" + string.Join(",\n", items.Select(i => inner + i)) + "\n" + pad + "]";
    }

    /// <summary>
    /// A section: an array of objects at level 1 of <c>telemetry.json</c> (objects at level 2, properties at 3).
    /// Each object is its properties, values already written (nested lists with <see cref="Lines"/> at level 3).
    /// </summary>
    public static string Section(IEnumerable<IReadOnlyList<KeyValuePair<string, string>>> objects)
    {
        var items = objects
            .Select(o => "{\n" + string.Join(",\n", o.Select(p => "      " + Quote(p.Key) + ": " + p.Value)) + "\n    }")
            .ToList();
        return Lines(items, 1);
    }

    /// <summary>The catalog's text for a classification: <c>personal</c>, <c>secret</c>, <c>taxonomy:value</c>, or null.</summary>
    public static string? Classification(int classification, Logging.DataClassificationModel? foreign) =>
        classification switch
        {
            0 => null,
            2 => "secret",
            _ when foreign is not null => foreign.Taxonomy + ":" + foreign.Value,
            _ => "personal",
        };
}

/// <summary>A field of a catalog item (span attribute, log field, funnel property).</summary>
internal sealed record CatalogField(string Name, bool IsTenant, string? Classification);
