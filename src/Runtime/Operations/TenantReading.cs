using System;
using System.ComponentModel;

namespace Instrumentation.Operations;

/// <summary>
/// Reads an <see cref="ITenantScoped"/> value's tenant for the generated interceptors. Called by generated code; not for
/// application code.
/// </summary>
/// <remarks>
/// Through the interface, as a constrained call: an explicit implementation (<c>TenantContext ITenantScoped.Tenant =&gt;
/// …</c>), a default implementation in a derived interface, and a type that also has a <c>Tenant</c> member of its own
/// all broke the generated <c>value.Tenant</c> (CS1061, CS0029: a stranger's hostile-code trial). A struct is read from a
/// copy, so a getter that changes its struct changes nothing the app sees. The getter is the app's code, and one that
/// throws (a request-scoped tenant read from a header that is missing) must not replace the call: without the SDK the
/// method runs — and may never read the tenant — so the operation runs without tenant ids instead.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TenantReading
{
    /// <summary>
    /// The tenant of <paramref name="scoped"/>; null when it is null or its getter throws, and not read while the SDK
    /// already runs the app's code (<see cref="SdkCallout"/>: a getter that calls an annotated method of its own type).
    /// </summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="scoped">The receiver or argument of an annotated call.</param>
    /// <returns>Its tenant, or null.</returns>
    public static TenantContext? Of<T>(T scoped)
        where T : ITenantScoped?
    {
        if (scoped is null || SdkCallout.Active)
        {
            return null;
        }

        SdkCallout.Enter();
        try
        {
            return scoped.Tenant;
        }
        catch (Exception)
        {
            return null;
        }
        finally
        {
            SdkCallout.Exit();
        }
    }

    /// <summary>
    /// The text of an <c>[OrgId]</c>, <c>[ProjectId]</c> or <c>[DeviceUuid]</c> argument that is not a string; null when it
    /// is null or its <c>ToString()</c> throws (the app's code must not replace the call: a stranger's trial), and not read
    /// while the SDK already runs the app's code (<see cref="SdkCallout"/>).
    /// </summary>
    /// <typeparam name="T">The argument's type.</typeparam>
    /// <param name="value">The argument.</param>
    /// <returns>Its text, or null.</returns>
    public static string? Text<T>(T value)
    {
        if (value is null || SdkCallout.Active)
        {
            return null;
        }

        SdkCallout.Enter();
        try
        {
            return value.ToString();
        }
        catch (Exception)
        {
            return null;
        }
        finally
        {
            SdkCallout.Exit();
        }
    }
}
