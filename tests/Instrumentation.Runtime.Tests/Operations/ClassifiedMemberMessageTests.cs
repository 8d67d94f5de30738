using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Instrumentation.Testing;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>A contract whose property is classified: the implementing class's property is personal data too.</summary>
public interface IHasEmail
{
    [PersonalData]
    string Email { get; }
}

public sealed class MailContact : IHasEmail
{
    public string Email { get; set; } = string.Empty;
}

public sealed class Street
{
    [PersonalData]
    public string Line { get; set; } = string.Empty;
}

public sealed class Resident
{
    public string Nickname { get; set; } = string.Empty;

    public Street Home { get; set; } = new();
}

public struct PaymentCard
{
    [SecretData]
    public string Number { get; set; }
}

public sealed class Patient
{
    [PersonalData]
    public string Name { get; set; } = string.Empty;
}

/// <summary>An exception with an error code, here built from a classified argument.</summary>
public sealed class CodedException(string code) : Exception("lookup failed"), IHasErrorCode
{
    public string ErrorCode { get; } = code;
}

/// <summary>An unclassified object: nothing of it is classified, so nothing of it is redacted.</summary>
public sealed class Widget
{
    public string Name { get; set; } = string.Empty;
}

/// <summary>A service-like object: a failure must not read its getters (they may do work).</summary>
public sealed class CountingService
{
    public int Reads;

    public string Connection
    {
        get
        {
            Reads++;
            return "conn";
        }
    }
}

/// <summary>
/// A stranger's trial (A1–A4): a failed operation's exception message quoting a classified value was redacted for a
/// classified argument and for the classified members of an argument's own class, but not for an argument typed as an
/// interface, <c>object</c> or a type parameter, nor for classified members two levels deep, in a nullable struct, in the
/// elements of an unclassified list, nor for a classified dictionary's values or a classified <c>char[]</c>/<c>StringBuilder</c>.
/// </summary>
#pragma warning disable INS1011 // on purpose: the messages quote classified values, as .NET's own messages do
public sealed class MemberSamples
{
    [Operation("members.by_interface")]
    public void ByInterface(IHasEmail contact) => throw new InvalidOperationException($"No contact for '{contact.Email}'");

    [Operation("members.by_object")]
    public void ByObject(object contact) => throw new InvalidOperationException($"No contact for '{((IHasEmail)contact).Email}'");

    [Operation("members.by_type_parameter")]
    public void ByTypeParameter<T>(T contact)
        where T : IHasEmail => throw new InvalidOperationException($"No contact for '{contact.Email}'");

    [Operation("members.by_interface_later")]
    public async Task ByInterfaceLaterAsync(IHasEmail contact)
    {
        await Task.Yield();
        throw new InvalidOperationException($"No contact for '{contact.Email}'");
    }

    [Operation("members.two_levels")]
    public void TwoLevels(Resident resident) => throw new InvalidOperationException($"bad street {resident.Home.Line} for {resident.Nickname}");

    [Operation("members.nullable_struct")]
    public void NullableStruct(PaymentCard? card) => throw new InvalidOperationException($"card declined {card?.Number}");

    [Operation("members.list_elements")]
    public void ListElements(List<Patient> patients) => throw new InvalidOperationException($"unknown patient {patients[0].Name}");

    [Operation("members.dictionary_values")]
    public void DictionaryValues([PersonalData] Dictionary<string, string> emails) => throw new InvalidOperationException($"unknown {emails["ada"]}");

    [Operation("members.char_array")]
    public void CharArray([SecretData] char[] pin) => throw new InvalidOperationException($"a pin was rejected: {new string(pin)}");

    [Operation("members.string_builder")]
    public void Builder([SecretData] StringBuilder pin) => throw new InvalidOperationException($"a pin was rejected: {pin}");

    [Operation("members.coded", FailureReasonLabel = "reason")]
    public void Coded([PersonalData] string user) => throw new CodedException("USER_" + user);

    [Operation("members.formatted")]
    public void Formatted([PersonalData] Guid id, [PersonalData] DateTimeOffset at, [PersonalData] long amount) =>
        throw new InvalidOperationException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"account {id:N} {id:B} at {at:O} owes {amount:N0}"));

    [Operation("members.null_ref")]
    public int NullRef<T>(ref T value, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return length + (value is null ? 0 : 1);
    }

    [Operation("members.plain_object")]
    public void PlainObject(object widget) => throw new InvalidOperationException($"no part {((Widget)widget).Name}");

    [Operation("members.service")]
    public void Service(object service) => throw new InvalidOperationException("the service failed");
}
#pragma warning restore INS1011

public sealed class ClassifiedMemberMessageTests
{
    private readonly MemberSamples _samples = new();

    private static string SpanMessage(TelemetryCapture capture, string name) => Assert.IsType<string>(capture.Span(name).Tag("exception.message"));

    [Fact]
    public async Task Classified_members_of_an_interface_object_or_type_parameter_argument_are_redacted_in_the_message()
    {
        using var capture = TelemetryCapture.Start();

        Assert.Throws<InvalidOperationException>(() => _samples.ByInterface(new MailContact { Email = "ada.canary.iface" }));
        Assert.Throws<InvalidOperationException>(() => _samples.ByObject(new MailContact { Email = "ada.canary.object" }));
        Assert.Throws<InvalidOperationException>(() => _samples.ByTypeParameter(new MailContact { Email = "ada.canary.generic" }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _samples.ByInterfaceLaterAsync(new MailContact { Email = "ada.canary.later" }));

        Assert.Equal("No contact for '[REDACTED]'", SpanMessage(capture, "members.by_interface"));
        Assert.Equal("No contact for '[REDACTED]'", SpanMessage(capture, "members.by_object"));
        Assert.Equal("No contact for '[REDACTED]'", SpanMessage(capture, "members.by_type_parameter"));
        Assert.Equal("No contact for '[REDACTED]'", SpanMessage(capture, "members.by_interface_later"));
        AssertNowhere(capture, "canary");
    }

    [Fact]
    public void Classified_parts_deeper_down_in_collections_and_text_containers_are_redacted_in_the_message()
    {
        using var capture = TelemetryCapture.Start();

        Assert.Throws<InvalidOperationException>(() => _samples.TwoLevels(new Resident { Nickname = "ada", Home = new Street { Line = "1 Canary Row" } }));
        Assert.Throws<InvalidOperationException>(() => _samples.NullableStruct(new PaymentCard { Number = "4000-CANARY-0002" }));
        Assert.Throws<InvalidOperationException>(() => _samples.ListElements(new List<Patient> { new() { Name = "Ada Canary" } }));
        Assert.Throws<InvalidOperationException>(() => _samples.DictionaryValues(new Dictionary<string, string> { ["ada"] = "ada@canary.example" }));
        Assert.Throws<InvalidOperationException>(() => _samples.CharArray("hunter2-canary".ToCharArray()));
        Assert.Throws<InvalidOperationException>(() => _samples.Builder(new StringBuilder("hunter2-canary-builder")));

        Assert.Equal("bad street [REDACTED] for ada", SpanMessage(capture, "members.two_levels"));
        Assert.Equal("card declined [REDACTED]", SpanMessage(capture, "members.nullable_struct"));
        Assert.Equal("unknown patient [REDACTED]", SpanMessage(capture, "members.list_elements"));
        Assert.Equal("a pin was rejected: [REDACTED]", SpanMessage(capture, "members.char_array"));
        Assert.Equal("a pin was rejected: [REDACTED]", SpanMessage(capture, "members.string_builder"));
        Assert.DoesNotContain("canary", SpanMessage(capture, "members.dictionary_values"), StringComparison.OrdinalIgnoreCase);
        AssertNowhere(capture, "anary");
    }

    [Fact]
    public void An_error_code_that_quotes_a_classified_argument_is_redacted_and_is_no_metric_label()
    {
        using var capture = TelemetryCapture.Start();

        var coded = Assert.Throws<CodedException>(() => _samples.Coded("canaryuser"));

        Assert.Equal("USER_canaryuser", coded.ErrorCode);
        Assert.Equal("USER_[REDACTED]", Instrumentation.Logging.RedactedException.From(coded)!.ErrorCode);
        AssertNowhere(capture, "canary");
        Assert.Contains(capture.Measurements, m => m.Tags.Any(t => t.Key == "reason" && Equals(t.Value, nameof(CodedException))));
        Assert.DoesNotContain(capture.Measurements, m => m.Tags.Any(t => t.Value is string text && text.Contains("canary", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void A_classified_GUID_date_or_number_in_a_common_format_is_redacted_in_the_message()
    {
        using var capture = TelemetryCapture.Start();

        Assert.Throws<InvalidOperationException>(() => _samples.Formatted(
            new Guid("0c0ffee0-1234-4cde-8abc-def012345678"), new DateTimeOffset(2006, 4, 5, 6, 7, 8, TimeSpan.Zero), 1234567));

        Assert.Equal("account [REDACTED] [REDACTED] at [REDACTED] owes [REDACTED]", SpanMessage(capture, "members.formatted"));
    }

    [Fact]
    public void A_by_ref_argument_the_method_rejects_is_not_read_on_the_failure_path()
    {
        // CommunityToolkit.HighPerformance's Span2D.DangerousCreate(ref Unsafe.AsRef<int>(null), -1, …): reading the
        // reference after the method threw turned its ArgumentOutOfRangeException into a NullReferenceException.
        using var capture = TelemetryCapture.Start();

        Assert.Throws<ArgumentOutOfRangeException>(() => _samples.NullRef(ref System.Runtime.CompilerServices.Unsafe.NullRef<int>(), -1));

        Assert.Contains("length", SpanMessage(capture, "members.null_ref"), StringComparison.Ordinal);
    }

    [Fact]
    public void Unclassified_objects_keep_their_text_and_a_service_is_not_read()
    {
        using var capture = TelemetryCapture.Start();
        var service = new CountingService();

        Assert.Throws<InvalidOperationException>(() => _samples.PlainObject(new Widget { Name = "gear-42" }));
        Assert.Throws<InvalidOperationException>(() => _samples.Service(service));

        Assert.Equal("no part gear-42", SpanMessage(capture, "members.plain_object"));
        Assert.Equal(0, service.Reads);
    }

    private static void AssertNowhere(TelemetryCapture capture, string canary)
    {
        var texts = capture.Logs.SelectMany(l => l.Fields.Select(f => f.Key + "=" + f.Value).Append(l.Message))
            .Concat(capture.Spans.SelectMany(s => s.Tags.Select(t => t.Key + "=" + t.Value)))
            .ToList();
        Assert.DoesNotContain(texts, t => t.Contains(canary, StringComparison.OrdinalIgnoreCase));
    }
}
