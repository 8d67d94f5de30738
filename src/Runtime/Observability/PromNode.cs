using System;
using System.Collections.Generic;

namespace Instrumentation.Observability;

/// <summary>
/// The structure of a <see cref="PromExpr"/>, built by <see cref="PromQuery"/> and the operators next to the
/// text, so that an evaluator never has to parse PromQL. Only the shapes the builder can produce exist.
/// </summary>
internal abstract class PromNode
{
}

/// <summary>A number (<c>0.1</c>, the factor of <c>5 * …</c>).</summary>
internal sealed class ScalarNode : PromNode
{
    public ScalarNode(double value) => Value = value;

    public double Value { get; }
}

/// <summary>A series selector with equality matchers: <c>ws_connections_active{kind="device"}</c>.</summary>
internal sealed class SelectorNode : PromNode
{
    public SelectorNode(string series, IReadOnlyList<KeyValuePair<string, string>> where)
    {
        Series = series;
        Where = where;
    }

    /// <summary>The exposed series name (<c>_bucket</c> included for a histogram's buckets).</summary>
    public string Series { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Where { get; }
}

/// <summary><c>rate</c> or <c>increase</c> of a counter selector over a range, optionally shifted by an offset.</summary>
internal sealed class RangeFunctionNode : PromNode
{
    public RangeFunctionNode(bool isRate, SelectorNode selector, TimeSpan window, TimeSpan offset)
    {
        IsRate = isRate;
        Selector = selector;
        Window = window;
        Offset = offset;
    }

    public bool IsRate { get; }

    public SelectorNode Selector { get; }

    public TimeSpan Window { get; }

    public TimeSpan Offset { get; }
}

/// <summary><c>sum by (labels) (inner)</c>; no labels: one series.</summary>
internal sealed class SumNode : PromNode
{
    public SumNode(IReadOnlyList<string> by, PromNode inner)
    {
        By = by;
        Inner = inner;
    }

    public IReadOnlyList<string> By { get; }

    public PromNode Inner { get; }
}

/// <summary><c>histogram_quantile(q, inner)</c> where inner keeps the <c>le</c> label.</summary>
internal sealed class QuantileNode : PromNode
{
    public QuantileNode(double quantile, PromNode inner)
    {
        Quantile = quantile;
        Inner = inner;
    }

    public double Quantile { get; }

    public PromNode Inner { get; }
}

/// <summary><c>topk(k, inner)</c>.</summary>
internal sealed class TopKNode : PromNode
{
    public TopKNode(int k, PromNode inner)
    {
        K = k;
        Inner = inner;
    }

    public int K { get; }

    public PromNode Inner { get; }
}

/// <summary>An arithmetic operator or a comparison (<c>+ - * / &gt; &lt; &gt;= &lt;=</c>) between two operands.</summary>
internal sealed class BinaryNode : PromNode
{
    public BinaryNode(string op, PromNode left, PromNode right)
    {
        Operator = op;
        Left = left;
        Right = right;
    }

    public string Operator { get; }

    public PromNode Left { get; }

    public PromNode Right { get; }
}

/// <summary><c>(inner or vector(0))</c>.</summary>
internal sealed class OrZeroNode : PromNode
{
    public OrZeroNode(PromNode inner) => Inner = inner;

    public PromNode Inner { get; }
}

/// <summary><c>clamp_min(inner, minimum)</c>.</summary>
internal sealed class ClampMinNode : PromNode
{
    public ClampMinNode(PromNode inner, double minimum)
    {
        Inner = inner;
        Minimum = minimum;
    }

    public PromNode Inner { get; }

    public double Minimum { get; }
}
