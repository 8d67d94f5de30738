using System.Collections.Generic;
using Instrumentation.Funnel.Writing;
using Xunit;

namespace Instrumentation.Funnel.Tests;

/// <summary>
/// A funnel property is classified by the same rules as a span attribute or a log value: a classification on an
/// overridden property, on a base record's positional parameter, on an auto-property's backing field
/// (<c>[field: PersonalData]</c>) or on the value's type. A stranger's trial stored such e-mails and diagnosis codes in
/// clear in SQLite, in the exported log record and in the test capture, with no diagnostic, while spans and logs
/// redacted the same values.
/// </summary>
public sealed class InheritedClassificationTests : System.IDisposable
{
    private readonly FunnelEventBuffer _buffer = new(capacity: 100);

    public InheritedClassificationTests() => FunnelEvents.Install(_buffer);

    public void Dispose() => FunnelEvents.Install(null);

    private FunnelEvent Single()
    {
        var items = new List<FunnelEvent>();
        _buffer.Peek(items, 100);
        _buffer.Remove(items.Count);
        return Assert.Single(items);
    }

    [Fact]
    public void Overridden_positional_and_backing_field_classifications_are_redacted()
    {
        new Signups().Inherited(
            new DerivedUser { Email = "over@example.com" },
            new DerivedProfile("positional@example.com", "pro"),
            new FieldClassified { Email = "backing@example.com" });

        var properties = Single().Properties;
        Assert.Equal("[REDACTED]", properties.Find("override").ToString());
        Assert.Equal("[REDACTED]", properties.Find("positional").ToString());
        Assert.Equal("[REDACTED]", properties.Find("backing").ToString());
        Assert.Equal("pro", properties.Find("plan").ToString());
    }

    [Fact]
    public void A_value_whose_type_is_classified_is_redacted_on_a_path_and_from_the_return_value()
    {
        new Signups().Diagnose(new Patient { Dx = new Diagnosis { Code = "zq-diagnosis" }, Ward = "w1" });
        var diagnosed = Single().Properties;
        Assert.Equal("[REDACTED]", diagnosed.Find("code").ToString());
        Assert.Equal("w1", diagnosed.Find("ward").ToString());

        new Signups().Examine("w2");
        Assert.Equal("[REDACTED]", Single().Properties.Find("code").ToString());
    }
}
