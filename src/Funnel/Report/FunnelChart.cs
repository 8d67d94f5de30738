using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;

namespace Instrumentation.Funnel.Report;

/// <summary>Draws the report as an SVG: the funnel (all cohorts) and the time-to-first-data histogram.</summary>
public static class FunnelChart
{
    private const int Width = 760;
    private const int BarHeight = 34;
    private const int LabelWidth = 190;

    /// <summary>The SVG document (a picture a person can open in any browser).</summary>
    public static string ToSvg(FunnelReportResult report)
    {
        var funnelTop = 60;
        var histogramTop = funnelTop + (report.Steps.Count * (BarHeight + 10)) + 70;
        var height = histogramTop + 260;
        var svg = new StringBuilder();
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(Width).Append("\" height=\"").Append(height).Append("\" font-family=\"sans-serif\" font-size=\"13\">\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        Text(svg, 20, 30, "Activation funnel (all cohorts)", 18, "bold");
        var top = Math.Max(1, report.Totals.Count > 0 ? report.Totals[0] : 1);
        for (var i = 0; i < report.Steps.Count; i++)
        {
            var y = funnelTop + (i * (BarHeight + 10));
            var width = (Width - LabelWidth - 150) * report.Totals[i] / (double)top;
            Text(svg, 20, y + 22, report.Steps[i], 13, "normal");
            svg.AppendFormat(CultureInfo.InvariantCulture, "<rect x=\"{0}\" y=\"{1}\" width=\"{2:0.#}\" height=\"{3}\" fill=\"#3b7dd8\"/>\n", LabelWidth, y, Math.Max(width, 1), BarHeight);
            Text(svg, LabelWidth + (int)Math.Max(width, 1) + 8, y + 22, report.Totals[i] + " (" + FunnelReport.Conversion(report.Totals, i) + ")", 13, "normal");
        }

        Text(svg, 20, histogramTop - 20, "Time from device registration to first data (n = " + report.TimeToFirstDataSamples + ")", 18, "bold");
        var maxCount = Math.Max(1, report.Histogram.Max(b => b.Count));
        var columnWidth = (Width - 80) / report.Histogram.Count;
        for (var i = 0; i < report.Histogram.Count; i++)
        {
            var bucket = report.Histogram[i];
            var barHeight = 180.0 * bucket.Count / maxCount;
            var x = 40 + (i * columnWidth);
            svg.AppendFormat(CultureInfo.InvariantCulture, "<rect x=\"{0}\" y=\"{1:0.#}\" width=\"{2}\" height=\"{3:0.#}\" fill=\"#e07b39\"/>\n", x + 6, histogramTop + 190 - barHeight, columnWidth - 12, Math.Max(barHeight, 0.5));
            Text(svg, x + 8, histogramTop + 208, bucket.Label, 12, "normal");
            Text(svg, x + 8, histogramTop + 184 - (int)barHeight, bucket.Count.ToString(CultureInfo.InvariantCulture), 12, "normal");
        }

        if (report.P50Seconds is { } p50 && report.P90Seconds is { } p90)
        {
            Text(svg, 40, histogramTop + 235, "P50 " + FunnelReport.Duration(p50) + "   P90 " + FunnelReport.Duration(p90), 13, "bold");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Text(StringBuilder svg, int x, int y, string text, int size, string weight) =>
        svg.AppendFormat(CultureInfo.InvariantCulture, "<text x=\"{0}\" y=\"{1}\" font-size=\"{2}\" font-weight=\"{3}\">{4}</text>\n", x, y, size, weight, WebUtility.HtmlEncode(text));
}
