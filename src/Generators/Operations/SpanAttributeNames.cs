using System;
using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// INS0026: a <c>[SpanAttribute]</c> name that the span already gets from somewhere else — another parameter's
/// <c>[SpanAttribute]</c>, the SDK's own tags of a failed, kept or cancelled call (<c>exception.type</c>, …), or the call's
/// tenant (<c>org_id</c>, <c>project_id</c>, <c>device_uuid</c>, when the operation has one). One value silently replaced
/// the other (a newcomer's trial: <c>[SpanAttribute("org_id")]</c> replaced the tenant's id on every span). A warning: the
/// generated code is unchanged, and an operation without a tenant may name its own attribute <c>org_id</c>.
/// </summary>
internal static class SpanAttributeNames
{
    private static readonly string[] SetOnEverySpanItEnds =
    {
        "exception.type", "exception.message", "sampling.kept_because", "operation.cancelled",
    };

    public static void Check(IMethodSymbol method, string display, EquatableArray<ParameterModel> parameters, bool hasOrg, bool hasProject, List<DiagnosticInfo> diagnostics)
    {
        var hasDevice = parameters.Any(parameter => parameter.Tenant == TenantRole.DeviceUuid);
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            if (parameter.SpanAttributeName is not { } name)
            {
                continue;
            }

            var owner = first.TryGetValue(name, out var earlier) ? "the parameter '" + earlier + "'"
                : Array.IndexOf(SetOnEverySpanItEnds, name) >= 0 ? "the SDK when the call fails, is kept or is cancelled"
                : TenantTag(name, parameter.Tenant, hasOrg, hasProject, hasDevice);
            if (owner is null)
            {
                first[name] = parameter.Name;
                continue;
            }

            var location = parameter.Ordinal < method.Parameters.Length ? method.Parameters[parameter.Ordinal].Locations.FirstOrDefault() : null;
            diagnostics.Add(DiagnosticInfo.Create(OperationDiagnostics.SpanAttributeNameTaken, location, name, display, owner));
        }
    }

    /// <summary>The tenant tag's source when <paramref name="name"/> is one the operation's tenant sets (and this parameter is not that tenant value itself).</summary>
    private static string? TenantTag(string name, TenantRole role, bool hasOrg, bool hasProject, bool hasDevice) => name switch
    {
        "org_id" when hasOrg && role != TenantRole.OrgId => "the SDK from the call's tenant",
        "project_id" when hasProject && role != TenantRole.ProjectId => "the SDK from the call's tenant",
        "device_uuid" when hasDevice && role != TenantRole.DeviceUuid => "the SDK from the call's [DeviceUuid] parameter",
        _ => null,
    };
}
