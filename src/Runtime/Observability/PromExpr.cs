using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Instrumentation.Observability;

/// <summary>
/// A PromQL expression built by <see cref="PromQuery"/> from metrics the catalog declares. It knows the
/// labels of its result and the metrics it reads, so that combining expressions whose series cannot match,
/// or alerting on something that is not a comparison, fails when it is declared instead of silently
/// producing an empty result in Prometheus.
/// </summary>
public sealed class PromExpr
{
    // PromQL binary operator precedence, lowest first (atoms: selectors, function calls, parentheses).
    private const int ComparisonLevel = 2;
    private const int AdditionLevel = 3;
    private const int MultiplicationLevel = 4;
    private const int AtomLevel = 5;

    private readonly int _level;

    internal PromExpr(string text, IEnumerable<string> labels, IEnumerable<string> metrics, PromNode node, bool isComparison = false, int level = AtomLevel)
    {
        Text = text;
        Node = node;
        Labels = labels.Distinct(StringComparer.Ordinal).OrderBy(l => l, StringComparer.Ordinal).ToArray();
        Metrics = metrics.Distinct(StringComparer.Ordinal).ToArray();
        IsComparison = isComparison;
        _level = level;
    }

    /// <summary>The PromQL text.</summary>
    public string Text { get; }

    /// <summary>The labels of the result's series (the grouping labels), sorted.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The catalog metrics the expression reads.</summary>
    public IReadOnlyList<string> Metrics { get; }

    /// <summary>The structure of the expression, for evaluators (never parsed back from <see cref="Text"/>).</summary>
    internal PromNode Node { get; }

    /// <summary>True for a comparison (<c>&gt;</c>, <c>&lt;</c>, …): the only kind of expression an alert can fire on.</summary>
    public bool IsComparison { get; }

    /// <summary>Keeps the series whose value is above <paramref name="threshold"/>.</summary>
    public static PromExpr operator >(PromExpr left, double threshold) => Compare(left, ">", threshold);

    /// <summary>Keeps the series whose value is below <paramref name="threshold"/>.</summary>
    public static PromExpr operator <(PromExpr left, double threshold) => Compare(left, "<", threshold);

    /// <summary>Keeps the series whose value is at least <paramref name="threshold"/>.</summary>
    public static PromExpr operator >=(PromExpr left, double threshold) => Compare(left, ">=", threshold);

    /// <summary>Keeps the series whose value is at most <paramref name="threshold"/>.</summary>
    public static PromExpr operator <=(PromExpr left, double threshold) => Compare(left, "<=", threshold);

    /// <summary>Keeps the series of <paramref name="left"/> above the matching series of <paramref name="right"/>.</summary>
    public static PromExpr operator >(PromExpr left, PromExpr right) => Binary(left, ">", right, ComparisonLevel, comparison: true);

    /// <summary>Keeps the series of <paramref name="left"/> below the matching series of <paramref name="right"/>.</summary>
    public static PromExpr operator <(PromExpr left, PromExpr right) => Binary(left, "<", right, ComparisonLevel, comparison: true);

    /// <summary>The quotient of matching series (a ratio; a zero denominator gives no alert, NaN or Inf).</summary>
    public static PromExpr operator /(PromExpr left, PromExpr right) => Binary(left, "/", right, MultiplicationLevel);

    /// <summary>The product of matching series.</summary>
    public static PromExpr operator *(PromExpr left, PromExpr right) => Binary(left, "*", right, MultiplicationLevel);

    /// <summary>The difference of matching series.</summary>
    public static PromExpr operator -(PromExpr left, PromExpr right) => Binary(left, "-", right, AdditionLevel);

    /// <summary>The sum of matching series.</summary>
    public static PromExpr operator +(PromExpr left, PromExpr right) => Binary(left, "+", right, AdditionLevel);

    /// <summary>Every series multiplied by a number.</summary>
    public static PromExpr operator *(double factor, PromExpr right) => Binary(Scalar(factor), "*", right, MultiplicationLevel);

    /// <summary>Every series multiplied by a number.</summary>
    public static PromExpr operator *(PromExpr left, double factor) => Binary(left, "*", Scalar(factor), MultiplicationLevel);

    /// <summary>Every series divided by a number.</summary>
    public static PromExpr operator /(PromExpr left, double divisor) => Binary(left, "/", Scalar(divisor), MultiplicationLevel);

    /// <summary>
    /// The expression, or 0 when it has no series (<c>… or vector(0)</c>): for a counter that may not exist
    /// yet. Only for expressions without labels (a label-less 0 would not match labelled series).
    /// </summary>
    public PromExpr OrZero()
    {
        if (Labels.Count > 0)
        {
            throw new InvalidOperationException("OrZero() needs an expression without labels, but '" + Text + "' has " + string.Join(", ", Labels) + ": vector(0) would not match its series.");
        }

        return new PromExpr("(" + Text + " or vector(0))", Labels, Metrics, new OrZeroNode(Node));
    }

    /// <summary>Raises every value to at least <paramref name="minimum"/> (<c>clamp_min</c>), for example a baseline that must not be 0.</summary>
    /// <param name="minimum">The smallest value.</param>
    public PromExpr AtLeast(double minimum) => new("clamp_min(" + Text + ", " + Number(minimum) + ")", Labels, Metrics, new ClampMinNode(Node, minimum));

    /// <summary>This expression as a dashboard query with a legend (Grafana syntax: <c>{{org}}</c> is the org label).</summary>
    /// <param name="legend">The legend of its series.</param>
    public PanelQuery As(string legend) => new(this, legend);

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PromExpr other && other.Text == Text;

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    /// <summary>A PromQL number literal.</summary>
    internal static string Number(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A PromQL number must be finite.");
        }

        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    private static PromExpr Scalar(double value) => new(Number(value), Array.Empty<string>(), Array.Empty<string>(), new ScalarNode(value));

    private static PromExpr Compare(PromExpr left, string op, double threshold)
    {
        ArgumentNullException.ThrowIfNull(left);
        return new PromExpr(Operand(left, ComparisonLevel, right: false) + " " + op + " " + Number(threshold), left.Labels, left.Metrics, new BinaryNode(op, left.Node, new ScalarNode(threshold)), isComparison: true, ComparisonLevel);
    }

    private static PromExpr Binary(PromExpr left, string op, PromExpr right, int level, bool comparison = false)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var leftIsScalar = left.Metrics.Count == 0;
        var rightIsScalar = right.Metrics.Count == 0;
        if (!leftIsScalar && !rightIsScalar && !left.Labels.SequenceEqual(right.Labels, StringComparer.Ordinal))
        {
            throw new InvalidOperationException(
                "Cannot combine '" + left.Text + "' (labels: " + Describe(left.Labels) + ") " + op + " '" + right.Text + "' (labels: " + Describe(right.Labels)
                + "): PromQL matches series one-to-one by their labels, so the result would be empty. Group both sides by the same labels.");
        }

        var labels = leftIsScalar ? right.Labels : left.Labels;
        return new PromExpr(Operand(left, level, right: false) + " " + op + " " + Operand(right, level, right: true), labels, left.Metrics.Concat(right.Metrics), new BinaryNode(op, left.Node, right.Node), comparison, level);
    }

    private static string Operand(PromExpr operand, int level, bool right) =>
        operand._level < level || (right && operand._level == level) ? "(" + operand.Text + ")" : operand.Text;

    private static string Describe(IReadOnlyList<string> labels) => labels.Count == 0 ? "none" : string.Join(", ", labels);
}
