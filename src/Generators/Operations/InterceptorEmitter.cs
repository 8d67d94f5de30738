using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Common;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// Emits one interceptor: the method the compiler calls instead of the annotated method at the listed
/// call sites. With nobody listening it only forwards the call.
/// </summary>
internal static class InterceptorEmitter
{
    private const string Exception = "global::System.Exception";

    public static void Emit(SourceWriter w, string name, int operationIndex, OperationModel op, IReadOnlyList<CallSiteModel> sites)
    {
        var signature = sites[0].Signature;
        var opClass = OperationClassEmitter.ClassName(operationIndex);
        foreach (var site in sites)
        {
            w.Line("[global::System.Runtime.CompilerServices.InterceptsLocation(" + site.LocationVersion + ", " + CSharpLiteral.String(site.LocationData) + ")] // " + site.DisplayLocation);
        }

        var typeParameters = signature.TypeParameters.IsEmpty
            ? string.Empty
            : "<" + string.Join(", ", signature.TypeParameters.Select(t => t.Name)) + ">";
        w.Line("internal static " + signature.ReturnTypeName + " " + name + typeParameters + "(" + ParameterList(signature) + ")");
        foreach (var typeParameter in signature.TypeParameters)
        {
            if (typeParameter.Constraints.Length > 0)
            {
                w.Line("    " + typeParameter.Constraints);
            }
        }

        w.Open();
        var call = CallExpression(signature);
        var returns = op.ReturnShape != ReturnShape.Void;
        w.Open("if (!" + opClass + ".IsLive)");
        w.Line(returns ? "return " + call + ";" : call + ";");
        w.Close();
        w.Line();
        w.Line("var state = new " + opClass + ".State();");
        EmitCaptures(w, op, signature);
        w.Line(opClass + ".Begin(ref state);");
        switch (op.ReturnShape)
        {
            case ReturnShape.Void:
                EmitTry(w, opClass, call + ";");
                w.Line(opClass + ".End(ref state, null);");
                break;
            case ReturnShape.Value:
                w.Line(signature.ReturnTypeName + " result;");
                EmitTry(w, opClass, "result = " + call + ";");
                w.Line(opClass + ".End(ref state, null);");
                w.Line("return result;");
                break;
            default:
                EmitAsync(w, opClass, op.ReturnShape, signature.ReturnTypeName, call);
                break;
        }

        w.Close();
        w.Line();
    }

    private static void EmitTry(SourceWriter w, string opClass, string statement)
    {
        w.Open("try");
        w.Line(statement);
        w.Close();
        w.Open("catch (" + Exception + " exception)");
        w.Line(opClass + ".End(ref state, exception);");
        w.Line("throw;");
        w.Close();
        w.Line();
    }

    private static void EmitAsync(SourceWriter w, string opClass, ReturnShape shape, string returnType, string call)
    {
        w.Line(returnType + " task;");
        EmitTry(w, opClass, "task = " + call + ";");
        w.Open("if (task.IsCompletedSuccessfully)");
        switch (shape)
        {
            case ReturnShape.Task:
                w.Line(opClass + ".End(ref state, null);");
                w.Line("return task;");
                break;
            case ReturnShape.TaskOfT:
                w.Line(opClass + ".End(ref state, null);");
                w.Line("return task;");
                break;
            case ReturnShape.ValueTask:
                w.Line("task.GetAwaiter().GetResult();");
                w.Line(opClass + ".End(ref state, null);");
                w.Line("return default;");
                break;
            case ReturnShape.ValueTaskOfT:
                w.Line("var value = task.Result;");
                w.Line(opClass + ".End(ref state, null);");
                w.Line("return new " + returnType + "(value);");
                break;
        }

        w.Close();
        w.Line();
        var awaiter = shape switch
        {
            ReturnShape.Task => "AwaitTask",
            ReturnShape.TaskOfT => "AwaitTask",
            ReturnShape.ValueTask => "AwaitValueTask",
            _ => "AwaitValueTask",
        };
        w.Line("var pending = " + opClass + "." + awaiter + "(task, state);");
        w.Line(opClass + ".Detach(ref state);");
        w.Line("return pending;");
    }

    private static void EmitCaptures(SourceWriter w, OperationModel op, InterceptorSignature signature)
    {
        string Arg(ParameterModel parameter) =>
            parameter.Ordinal < signature.Parameters.Count ? "@" + signature.Parameters[parameter.Ordinal].Name : "@" + parameter.Name;

        if (op.ContainingTypeIsTenantScoped && !signature.IsStatic)
        {
            if (signature.ReceiverIsValueType)
            {
                w.Line("var tenant = @this.Tenant;");
                w.Line("state.OrgId = tenant.OrgId;");
                w.Line("state.ProjectId = tenant.ProjectId;");
                w.Line("state.DeviceUuid = tenant.DeviceUuid;");
            }
            else
            {
                w.Line("var tenant = @this?.Tenant;");
                w.Line("state.OrgId = tenant?.OrgId;");
                w.Line("state.ProjectId = tenant?.ProjectId;");
                w.Line("state.DeviceUuid = tenant?.DeviceUuid;");
            }
        }

        foreach (var parameter in op.Parameters.Where(p => p.Tenant is TenantRole.Context or TenantRole.NullableContext or TenantRole.Scoped))
        {
            var arg = Arg(parameter);
            var source = parameter.Tenant switch
            {
                TenantRole.Context => arg,
                TenantRole.NullableContext => arg,
                _ => parameter.Value.IsReferenceType ? arg + "?.Tenant" : arg + ".Tenant",
            };
            var nullable = parameter.Tenant == TenantRole.NullableContext || (parameter.Tenant == TenantRole.Scoped && parameter.Value.IsReferenceType);
            var access = nullable ? "?." : ".";
            w.Line("state.OrgId = " + (nullable ? "(" + source + ")" : source) + access + "OrgId;");
            w.Line("state.ProjectId = " + (nullable ? "(" + source + ")" : source) + access + "ProjectId;");
            w.Line("state.DeviceUuid = " + (nullable ? "(" + source + ")" : source) + access + "DeviceUuid;");
        }

        foreach (var parameter in op.Parameters)
        {
            var arg = Arg(parameter);
            var target = parameter.Tenant switch
            {
                TenantRole.OrgId => "state.OrgId",
                TenantRole.ProjectId => "state.ProjectId",
                TenantRole.DeviceUuid => "state.DeviceUuid",
                _ => null,
            };
            if (target is not null)
            {
                w.Line(target + " = " + TenantText(parameter, arg) + ";");
            }

            if (OperationClassEmitter.IsCaptured(parameter))
            {
                w.Line("state." + OperationClassEmitter.StateField(parameter) + " = " + arg + ";");
            }

            if (parameter.BatchCountMember is { } count)
            {
                if (parameter.BatchIsReferenceType)
                {
                    // A copy, so the null check does not change the flow state of the argument itself.
                    w.Line("var batch = " + arg + ";");
                    w.Line("state.BatchCount = batch is null ? 0 : batch." + count + ";");
                }
                else
                {
                    w.Line("state.BatchCount = " + arg + "." + count + ";");
                }
            }

            if (parameter.IsQueueSize)
            {
                w.Line("state.QueueSize = (long)" + arg + ";");
            }

            if (parameter.LatencyStart != LatencyStartKind.None)
            {
                w.Line("state.LatencyStart = " + arg + ";");
            }
        }
    }

    private static string TenantText(ParameterModel parameter, string arg) => parameter.Value.Kind switch
    {
        ValueKind.String => arg,
        _ when parameter.Value.IsReferenceType || parameter.Value.IsNullableValueType => arg + "?.ToString()",
        _ => arg + ".ToString()",
    };

    private static string ParameterList(InterceptorSignature signature)
    {
        var parts = new List<string>();
        if (!signature.IsStatic)
        {
            parts.Add("this " + (signature.ReceiverIsValueType ? "ref " : string.Empty) + signature.ContainingTypeName + " @this");
        }

        foreach (var parameter in signature.Parameters)
        {
            parts.Add((parameter.IsThis ? "this " : string.Empty)
                + (parameter.IsParams ? "params " : string.Empty)
                + parameter.RefKind
                + parameter.TypeName
                + " @" + parameter.Name);
        }

        return string.Join(", ", parts);
    }

    private static string CallExpression(InterceptorSignature signature)
    {
        var typeArguments = signature.MethodTypeArguments.IsEmpty
            ? string.Empty
            : "<" + string.Join(", ", signature.MethodTypeArguments) + ">";
        var arguments = string.Join(", ", signature.Parameters.Select(p => ArgumentPrefix(p.RefKind) + "@" + p.Name));
        var target = signature.IsStatic ? signature.ContainingTypeName : "@this";
        return target + "." + signature.MethodName + typeArguments + "(" + arguments + ")";
    }

    private static string ArgumentPrefix(string refKind)
    {
        var trimmed = refKind.Replace("scoped ", string.Empty);
        return trimmed switch
        {
            "ref " => "ref ",
            "out " => "out ",
            "in " => "in ",
            "ref readonly " => "in ",
            _ => string.Empty,
        };
    }
}
