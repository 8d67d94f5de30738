using System;
using System.Linq;
using System.Reflection;
using Instrumentation.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>
/// Under NativeAOT a type's constructors have no metadata unless something reflects over them, so the classification
/// of a positional record parameter (<c>record Contact(string Name, [PersonalData] string Phone)</c>) cannot be read:
/// a NativeAOT build of an app that also reflected over the record's properties wrote the phone number in clear
/// (found by publishing a sample with <c>PublishAot</c>). A type whose constructors are hidden now renders every
/// member that is neither classified itself nor <c>[NonSensitiveData]</c> redacted. The AOT metadata gap is imitated
/// with a <see cref="TypeDelegator"/> that shows no constructors.
/// </summary>
public sealed class HiddenConstructorTests
{
    [Fact]
    public void A_record_with_readable_constructors_keeps_the_positional_classification_and_nothing_more()
    {
        var shape = LogValueShapes.Of(typeof(HiddenContact));

        Assert.Equal(
            new[] { ("Name", 0), ("Phone", 1), ("Region", 0), ("Note", 2) },
            shape.Members.Select(m => (m.Name, m.Classification)).ToArray());
    }

    [Fact]
    public void A_record_whose_constructors_have_no_metadata_redacts_what_it_cannot_prove_unclassified()
    {
        var shape = LogValueShapes.Of(new WithoutConstructorMetadata(typeof(HiddenContact)));

        // Name and Phone as secrets (their parameters cannot be read), Region stays [NonSensitiveData], Note its own class.
        Assert.Equal(
            new[] { ("Name", 2), ("Phone", 2), ("Region", 0), ("Note", 2) },
            shape.Members.Select(m => (m.Name, m.Classification)).ToArray());
        Assert.True(shape.Members.Single(m => m.Name == "Region").IsNonSensitive);
    }

    [Fact]
    public void A_class_always_shows_a_constructor_so_only_missing_metadata_counts_as_hidden()
    {
        Assert.False(LogValueShapes.ConstructorsHidden(typeof(HiddenContact)));
        Assert.False(LogValueShapes.ConstructorsHidden(typeof(PlainProfile)));
        Assert.True(LogValueShapes.ConstructorsHidden(new WithoutConstructorMetadata(typeof(PlainProfile))));

        // A struct without declared constructors has none in its metadata: under the JIT that proves nothing is hidden.
        Assert.False(LogValueShapes.ConstructorsHidden(typeof(PlainPoint)));
    }

    private sealed class WithoutConstructorMetadata(Type type) : TypeDelegator(type)
    {
        public override ConstructorInfo[] GetConstructors(BindingFlags bindingAttr) => [];
    }
}

public sealed record HiddenContact(string Name, [PersonalData] string Phone)
{
    [NonSensitiveData]
    public string Region { get; init; } = "eu";

    [SecretData]
    public string Note { get; init; } = "";
}

public sealed class PlainProfile
{
    public string Name { get; set; } = "";
}

public struct PlainPoint
{
    public int X;
}
