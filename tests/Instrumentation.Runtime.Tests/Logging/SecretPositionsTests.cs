using Instrumentation.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>
/// The holes of a hand-written template that the scrubber redacts by position: found per template, cached only for a
/// literal (interned) template, so a template built at run time — which may hold what a log must not keep — is never
/// retained and cannot fill the cache.
/// </summary>
public sealed class SecretPositionsTests
{
    [Fact]
    public void Secret_holes_are_found_and_only_literal_templates_are_kept()
    {
        var literal = SecretPositions.Of("user {user} password={password_position_test}", 2);
        Assert.NotNull(literal);
        Assert.Equal(new[] { "user", "password_position_test" }, literal!.Names);
        Assert.Equal(new[] { false, true }, literal.Secret);

        Assert.Same(literal, SecretPositions.Of("user {user} password={password_position_test}", 2));

        // Built at run time: worked out again each time (a new result), never kept.
        var built = new string("note for ada@example.org: token={t}".ToCharArray());
        var found = SecretPositions.Of(built, 1);
        Assert.NotNull(found);
        Assert.True(found!.Secret[0]);
        Assert.NotSame(found, SecretPositions.Of(built, 1));

        Assert.Null(SecretPositions.Of("Processed {count} items", 1));
        Assert.Null(SecretPositions.Of(new string("Processed 3 items".ToCharArray()), 0));
    }
}
