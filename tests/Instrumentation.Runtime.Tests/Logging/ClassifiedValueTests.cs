using System;
using System.Collections.Generic;
using System.Linq;
using Instrumentation.Logging;
using Instrumentation.Redaction;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>
/// Classified members are redacted wherever they sit: nested deeper than a few levels, in fields, in base types,
/// behind object- or interface-typed parameters, in derived instances, in cycles, in collections. The corpus values
/// are invisible to the scrubber, so only classification can keep them out.
/// </summary>
public sealed class ClassifiedValueTests : IDisposable
{
    private readonly CapturingLoggerProvider _provider = new();
    private readonly ILoggerFactory _factory;
    private readonly ILogger _logger;

    public ClassifiedValueTests()
    {
        Redactors.Reset();
        _factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_provider));
        _logger = _factory.CreateLogger("Tests.Classified");
    }

    public void Dispose() => _factory.Dispose();

    private string Message() => Assert.Single(_provider.Logs).Message;

    private void AssertNoCorpusValue()
    {
        Assert.NotEmpty(_provider.Logs);
        foreach (var text in _provider.Logs.SelectMany(l => l.Texts()))
        {
            foreach (var value in PersonalCorpus.All)
            {
                Assert.DoesNotContain(value, text);
            }
        }
    }

    [Fact]
    public void Four_levels_deep()
    {
        var value = new D1(new D2(new D3(new D4(PersonalCorpus.Alpha, "t"))));

        LeakLog.Deep(_logger, value);

        Assert.Equal("Deep D1 { Inner = D2 { Inner = D3 { Inner = D4 { Email = [REDACTED], Tag = t } } } }", Message());
        AssertNoCorpusValue();
    }

    [Fact]
    public void Public_field()
    {
        LeakLog.Field(_logger, new WithField { Email = PersonalCorpus.Bravo, Label = "l" });

        Assert.Equal("Field WithField { Email = [REDACTED], Label = l }", Message());
        AssertNoCorpusValue();
    }

    [Fact]
    public void Member_classified_in_the_base_record()
    {
        LeakLog.DerivedRec(_logger, new DerivedRecord("n", PersonalCorpus.Charlie));

        Assert.Equal("Derived record DerivedRecord { ApiKey = [REDACTED], Name = n }", Message());
        AssertNoCorpusValue();
    }

    [Fact]
    public void Derived_instance_behind_a_base_typed_parameter()
    {
        LeakLog.BaseTyped(_logger, new DerivedAccount { Email = PersonalCorpus.Delta, Recovery = PersonalCorpus.Echo, Plan = "pro" });
        LeakLog.BaseTyped(_logger, new BaseAccount { Email = PersonalCorpus.Delta });

        var messages = _provider.Logs.Select(l => l.Message).ToArray();
        Assert.Equal("Base typed DerivedAccount { Email = [REDACTED], Recovery = [REDACTED], Plan = pro }", messages[0]);
        Assert.Equal("Base typed BaseAccount { Email = [REDACTED] }", messages[1]);
        AssertNoCorpusValue();
    }

    [Fact]
    public void A_classification_on_the_interface_holds_for_the_class_that_implements_it()
    {
        // Compile time (the generated renderer of a ContractContact parameter) and run time (the formatter of an object).
        LeakLog.ContractClassified(_logger, new ContractContact { Phone = PersonalCorpus.Foxtrot, Display = "shown" });
        LeakLog.AsObject(_logger, new ContractContact { Phone = PersonalCorpus.Foxtrot, Display = "shown" });

        var messages = _provider.Logs.Select(l => l.Message).ToArray();
        Assert.Equal("Contract ContractContact { Phone = [REDACTED], Display = shown }", messages[0]);
        Assert.Equal("Object ContractContact { Phone = [REDACTED], Display = shown }", messages[1]);
        AssertNoCorpusValue();
    }

    [Fact]
    public void Object_and_interface_typed_parameters()
    {
        LeakLog.AsObject(_logger, new Contact(PersonalCorpus.Foxtrot, "shown"));
        LeakLog.AsInterface(_logger, new Contact(PersonalCorpus.Foxtrot, "shown"));
        LeakLog.AsObject(_logger, new object[] { new D4(PersonalCorpus.Alpha, "x"), 5, "bob@example.com" });
        LeakLog.AsObject(_logger, null);

        var messages = _provider.Logs.Select(l => l.Message).ToArray();
        Assert.Equal("Object Contact { Phone = [REDACTED], Display = shown }", messages[0]);
        Assert.Equal("Interface Contact { Phone = [REDACTED], Display = shown }", messages[1]);
        Assert.Equal("Object [D4 { Email = [REDACTED], Tag = x }, 5, [EMAIL]]", messages[2]);
        Assert.Null(_provider.Logs.Last().Field("value"));
        AssertNoCorpusValue();
    }

    [Fact]
    public void Self_referencing_type_and_cycles_end_in_a_placeholder()
    {
        var first = new Node { Name = "a", Owner = PersonalCorpus.Alpha };
        var second = new Node { Name = "b", Owner = PersonalCorpus.Bravo, Next = first };
        first.Next = second;

        LeakLog.Chain(_logger, first);
        LeakLog.AsObject(_logger, first);

        var messages = _provider.Logs.Select(l => l.Message).ToArray();
        Assert.StartsWith("Chain Node { Name = a, Owner = [REDACTED], Next = Node { Name = b, Owner = [REDACTED], Next = Node {", messages[0]);
        Assert.Contains("Node { … }", messages[0]);
        Assert.Equal("Object Node { Name = a, Owner = [REDACTED], Next = Node { Name = b, Owner = [REDACTED], Next = Node { … } } }", messages[1]);
        AssertNoCorpusValue();
    }

    [Fact]
    public void Secret_named_members_and_dictionary_keys_are_redacted_and_other_strings_scrubbed()
    {
        var credentials = new Credentials
        {
            User = "ada@example.com",
            Password = PersonalCorpus.Bravo,
            Headers = new Dictionary<string, string> { ["X-Api-Key"] = PersonalCorpus.Charlie, ["Accept"] = "json" },
            ApiKey = Guid.Parse("7d2c1f0e-5b9a-4c3d-8e6f-a1b2c3d4e5f6"),
            PinToken = 918273645,
            Codes = new Dictionary<string, long> { ["password"] = 55556666, ["count"] = 3 },
        };

        LeakLog.SignIn(_logger, credentials);

        // Secret names redact numbers and Guids as well as strings; other numbers stay.
        Assert.Equal(
            "Sign-in Credentials { User = [EMAIL], Password = [REDACTED], Headers = [X-Api-Key: [REDACTED], Accept: json], ApiKey = [REDACTED], PinToken = [REDACTED], Codes = [password: [REDACTED], count: 3] }",
            Message());
        AssertNoCorpusValue();
    }

    [Fact]
    public void Unreferenced_parameters_are_structured_fields_and_still_redacted()
    {
        LeakLog.Unreferenced(_logger, new D1(new D2(new D3(new D4(PersonalCorpus.Alpha, "t")))), PersonalCorpus.Bravo);

        var log = Assert.Single(_provider.Logs);
        Assert.Equal("Unreferenced", log.Message);
        Assert.Equal("D1 { Inner = D2 { Inner = D3 { Inner = D4 { Email = [REDACTED], Tag = t } } } }", log.Field("value"));
        Assert.Equal("[REDACTED]", log.Field("token"));
        AssertNoCorpusValue();
    }

    [Fact]
    public void Params_array_is_rendered_item_by_item()
    {
        LeakLog.Items(_logger, "password=hunter2", new D4(PersonalCorpus.Alpha, "t"), 5);

        Assert.Equal("Items [password=[REDACTED], D4 { Email = [REDACTED], Tag = t }, 5]", Message());
        AssertNoCorpusValue();
    }

    [Fact]
    public void A_throwing_getter_gives_a_placeholder_and_the_line_is_still_written()
    {
        FragileLog.Logged(_logger, new Fragile());
        LeakLog.AsObject(_logger, new Fragile());

        var messages = _provider.Logs.Select(l => l.Message).ToArray();
        Assert.Equal("Fragile Fragile { … }", messages[0]);
        Assert.Equal("Object Fragile { … }", messages[1]);
        AssertNoCorpusValue();
    }

    [Fact]
    public void Generated_and_run_time_formatters_render_the_same_text()
    {
        var deep = new D1(new D2(new D3(new D4(PersonalCorpus.Alpha, "t"))));
        var derived = new DerivedRecord("n", PersonalCorpus.Charlie);
        var field = new WithField { Email = PersonalCorpus.Bravo, Label = "x" };

        LeakLog.Deep(_logger, deep);
        LeakLog.DerivedRec(_logger, derived);
        LeakLog.Field(_logger, field);

        var generated = _provider.Logs.Select(l => (string?)l.State[0].Value).ToArray();
        Assert.Equal(new[] { LogValueFormatter.Format(deep), LogValueFormatter.Format(derived), LogValueFormatter.Format(field) }, generated);
    }

    [Fact]
    public void A_wide_deep_value_is_rendered_up_to_the_length_budget_and_no_getter_is_read_past_it()
    {
        // 16 children on each of 5 levels: 1,118,481 nodes. Depth and item limits alone rendered ~1.1 million of them
        // (tens of MB per line, seconds per call: Newtonsoft.Json's JToken arguments tagged wholesale).
        var tree = Tree.Grow(5);
        Tree.NameReads = 0;

        LeakLog.Tree(_logger, tree);
        LeakLog.AsObject(_logger, tree);
        var tagged = LogValueFormatter.Format(tree);

        Assert.Equal(2, _provider.Logs.Count);
        foreach (var text in _provider.Logs.Select(l => (string)l.State[0].Value!).Append(tagged!))
        {
            Assert.InRange(text.Length, LogValueFormatter.MaxLength / 2, LogValueFormatter.MaxLength + 1024);
            Assert.StartsWith("Tree { Name = n5, Owner = [REDACTED], Children = [Tree { Name = n4", text, System.StringComparison.Ordinal);
            Assert.Contains("…", text, System.StringComparison.Ordinal);
        }

        // Three renderings of a value cut at 8 KB read a few hundred names, not a million.
        Assert.InRange(Tree.NameReads, 3, 3 * 1024);
        AssertNoCorpusValue();
    }

    [Fact]
    public void A_long_text_inside_a_value_is_scrubbed_as_far_as_it_is_written_and_cut_without_leaking_what_straddles_the_cut()
    {
        // Markdig tagged wholesale: a parser state's StringSlice holds the whole document, and every recorded span
        // scrubbed all of it. Only what can be written (plus a margin) is scrubbed now; an address cut by the budget is
        // still replaced whole.
        // "[document: " is 11 characters, so the budget cuts the text at MaxLength - 11: bob's address starts 5 before it.
        var text = "mail ada@example.com " + new string('x', LogValueFormatter.MaxLength - 38) + " bob@example.com " + new string('y', 1_000_000);
        var holder = new Dictionary<string, object?> { ["document"] = text };

        var rendered = LogValueFormatter.Format(holder)!;

        Assert.InRange(rendered.Length, LogValueFormatter.MaxLength - 64, LogValueFormatter.MaxLength + 16);
        Assert.EndsWith("…]", rendered, System.StringComparison.Ordinal);
        Assert.StartsWith("[document: mail [EMAIL] xxx", rendered, System.StringComparison.Ordinal);
        Assert.DoesNotContain("ada@", rendered, System.StringComparison.Ordinal);
        Assert.DoesNotContain("bob@", rendered, System.StringComparison.Ordinal);
        Assert.DoesNotContain("bob", rendered, System.StringComparison.Ordinal);
        Assert.Equal(2, rendered.Split("[EMAIL]").Length - 1);
    }

    [Fact]
    public void A_long_text_is_never_cut_inside_a_surrogate_pair()
    {
        // "[document: " is 11 characters; the emoji's high surrogate falls on the last character the budget allows.
        var text = new string('x', LogValueFormatter.MaxLength - 12) + "\U0001F600" + new string('y', 100);

        var rendered = LogValueFormatter.Format(new Dictionary<string, object?> { ["document"] = text })!;

        Assert.EndsWith("x…]", rendered, System.StringComparison.Ordinal);
        Assert.DoesNotContain(rendered, char.IsSurrogate);
    }

    [Fact]
    public void Depth_beyond_the_limit_is_a_placeholder()
    {
        var node = new Node { Name = "0", Owner = PersonalCorpus.Alpha };
        for (var i = 1; i <= LogValueFormatter.MaxDepth + 2; i++)
        {
            node = new Node { Name = i.ToString(System.Globalization.CultureInfo.InvariantCulture), Owner = PersonalCorpus.Alpha, Next = node };
        }

        LeakLog.Chain(_logger, node);
        LeakLog.AsObject(_logger, node);

        foreach (var message in _provider.Logs.Select(l => l.Message))
        {
            Assert.Equal(LogValueFormatter.MaxDepth, message.Split("Owner = [REDACTED]").Length - 1);
            Assert.EndsWith("Next = Node { … } } } } } } }", message);
        }

        AssertNoCorpusValue();
    }
}
