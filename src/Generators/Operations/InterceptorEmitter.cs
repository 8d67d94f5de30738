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
    /// <summary>
    /// Declared at the top of each namespace that holds interceptors, so the attribute, the one part repeated for
    /// every call site, is written short. A reserved-looking name, so it meets no type of the user's (a user type
    /// named <c>InterceptsLocationAttribute</c> in our namespace would conflict with the alias, CS0576), and named with
    /// the suffix, so <c>[__InterceptsLocation]</c> finds only the alias.
    /// </summary>
    public const string AttributeAlias = "using __InterceptsLocationAttribute = global::System.Runtime.CompilerServices.InterceptsLocationAttribute;";

    private const string Exception = "global::System.Exception";

    public static void Emit(SourceWriter w, string generatedNamespace, string name, int operationIndex, OperationModel? op, Funnel.FunnelMethodModel? funnel, IReadOnlyList<CallSiteModel> sites)
    {
        // An interceptor of a [DoesNotReturn] method carries the attribute too (else CS8770), and returns only if the
        // method does: its paths after the call (end the span, emit funnel events, return the result or the task) are
        // what the compiler's flow analysis calls returning (CS8763). They run only if the method breaks its promise.
        var doesNotReturn = sites[0].Signature.DoesNotReturn;
        if (doesNotReturn)
        {
            w.Line("#pragma warning disable CS8763 // returns only if the intercepted [DoesNotReturn] method does");
        }

        // A pointer to a managed type (T*, string*) in the signature: legal, warned (CS8500) at the user's declaration and
        // suppressed there by the user; the interceptor's copy of the signature would warn again where nobody can.
        var managedPointer = sites[0].Signature.HasPointerToManagedType;
        if (managedPointer)
        {
            w.Line("#pragma warning disable " + ManagedPointerWarning + " // the intercepted signature's pointer to a managed type: warned at its declaration");
        }

        // The compiler checks the call's type arguments against the interceptor's constraints again, and reports a nullable
        // mismatch (M<string?> of 'where T : notnull' / 'class' / 'IFoo') at the attribute, in this file. The user's call
        // already got that warning, or suppressed it (#pragma, '#nullable enable annotations'): here it was a second copy,
        // an error under TreatWarningsAsErrors that no change at the call could silence. The same for the user's own
        // signature (Dictionary<T, int> of an unconstrained T), which the interceptor, its live half and its locals repeat:
        // warned at the declaration. (The file's nullable warnings are off in a user's build now — GeneratedNullableContext —
        // but the tests compile it with them on.)
        var generic = !sites[0].Signature.TypeParameters.IsEmpty;
        if (generic)
        {
            w.Line("#pragma warning disable " + TypeArgumentNullabilityWarnings + " // the call's type arguments and the user's signature: reported (or suppressed) there");
        }

        EmitInterceptor(w, generatedNamespace, name, operationIndex, op, funnel, sites);
        if (generic)
        {
            w.Line("#pragma warning restore " + TypeArgumentNullabilityWarnings);
        }

        if (managedPointer)
        {
            w.Line("#pragma warning restore " + ManagedPointerWarning);
        }

        if (doesNotReturn)
        {
            w.Line("#pragma warning restore CS8763");
            w.Line();
        }
    }

    /// <summary>A pointer to a managed type (CS8500).</summary>
    private const string ManagedPointerWarning = "CS8500";

    /// <summary>Nullability of a type argument against a constraint: type (CS8631), <c>class</c> (CS8634), <c>notnull</c> (CS8714).</summary>
    private const string TypeArgumentNullabilityWarnings = "CS8631, CS8634, CS8714";

    /// <summary>The interceptor's signature differs from the intercepted one only in what the runtime does not compare (CS9154).</summary>
    private const string CustomModifierMismatch = "CS9154";

    private static void EmitInterceptor(SourceWriter w, string generatedNamespace, string name, int operationIndex, OperationModel? op, Funnel.FunnelMethodModel? funnel, IReadOnlyList<CallSiteModel> sites)
    {
        var signature = sites[0].Signature;
        // Generated names are written short unless the user's names would hide them in the interceptor's body.
        var qualifier = InterceptorNames.HidesGeneratedNames(sites[0].Signature) ? generatedNamespace : null;
        var access = op is null ? null : OperationAccess.For(operationIndex, op, qualifier);
        // The intercepted method's signature has custom modifiers (modreq(InAttribute) on a virtual method's 'in'
        // parameter) that no static method can declare: the compiler matches the signatures without them and warns
        // CS9154 at each attribute, an error under TreatWarningsAsErrors. Only for these interceptors: any other
        // mismatch stays visible.
        if (signature.HasCustomModifiers)
        {
            w.Line("#pragma warning disable " + CustomModifierMismatch + " // the intercepted signature's custom modifiers (modreq(InAttribute)), which a static method cannot declare");
        }

        foreach (var site in sites)
        {
            w.Line("[__InterceptsLocation(" + site.LocationVersion + ", " + CSharpLiteral.String(site.LocationData) + ")] // " + site.DisplayLocation);
        }

        if (signature.HasCustomModifiers)
        {
            w.Line("#pragma warning restore " + CustomModifierMismatch);
        }

        var typeParameters = signature.TypeParameters.IsEmpty
            ? string.Empty
            : "<" + string.Join(", ", signature.TypeParameters.Select(t => t.Name)) + ">";
        var typeParameterDeclarations = signature.TypeParameters.IsEmpty
            ? string.Empty
            : "<" + string.Join(", ", signature.TypeParameters.Select(t => t.Attributes + t.Name)) + ">";
        var split = op is not null && (funnel is null || funnel.Events.IsEmpty);
        if (split)
        {
            // The interceptor is only the liveness check, so the JIT inlines it at the call site; the
            // try/catch (which prevents inlining) lives in the _Live method.
            w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        }

        var modifiers = signature.IsUnsafe ? "static unsafe " : "static ";
        EmitMethodAttributes(w, signature);

        w.Line("internal " + modifiers + signature.ReturnTypeName + " " + name + typeParameterDeclarations + "(" + ParameterList(signature) + ")");
        EmitConstraints(w, signature);
        w.Open();
        var call = CallExpression(signature);
        string Arg(int ordinal) => InterceptorNames.Parameter(signature, ordinal);
        if (op is null)
        {
            EmitFunnelOnly(w, funnel!, signature, call, Arg);
            w.Close();
            w.Line();
            return;
        }

        var returns = op.ReturnShape != ReturnShape.Void;
        w.Open("if (!" + access!.Target + ".IsLive)");
        if (funnel is not null && !funnel.Events.IsEmpty)
        {
            // Nobody listens to the operation, but its funnel events are still emitted.
            EmitFunnelOnly(w, funnel, signature, call, Arg);
            if (!returns)
            {
                // Without it the void path would fall through into the instrumented path and call the method twice.
                w.Line("return;");
            }
        }
        else
        {
            w.Line(returns ? "return " + call + ";" : call + ";");
            if (!returns)
            {
                w.Line("return;");
            }
        }

        w.Close();
        w.Line();
        if (split)
        {
            var liveCall = (qualifier is null ? string.Empty : OperationAccess.Qualified(qualifier, "Interceptors") + ".") + name + "_Live" + typeParameters + "(" + LiveArguments(signature) + ")";
            w.Line(returns ? "return " + liveCall + ";" : liveCall + ";");
            w.Close();
            w.Line();
            EmitMethodAttributes(w, signature);
            w.Line("private " + modifiers + signature.ReturnTypeName + " " + name + "_Live" + typeParameterDeclarations + "(" + ParameterList(signature, asExtension: false) + ")");
            EmitConstraints(w, signature);
            w.Open();
        }

        var opClass = access.Target;
        var classified = ClassifiedArgumentList(op, Arg);
        // The state structs (OperationState, a generated State) have no constructor, so 'default' is 'new()'; the local is
        // declared with its type, never 'var', which a user's type named 'var' would capture.
        w.Line(access.StateType + " __state = default;");
        EmitCaptures(w, op, signature);
        var start = FunnelStart(w, funnel);
        w.Line(access.Begin(isAsync: op.ReturnShape is not (ReturnShape.Void or ReturnShape.Value)));
        switch (op.ReturnShape)
        {
            case ReturnShape.Void:
                EmitTry(w, opClass, call + ";", endsOnSuccess: true, classified);
                EmitFunnel(w, funnel, Arg, null, start);
                break;
            case ReturnShape.Value when signature.ReturnIsRefLike:
                EmitRefLikeResult(w, opClass, signature.ReturnTypeName, call + (signature.ReturnMaybeNull ? "!" : string.Empty), funnel, Arg, start, classified);
                break;
            case ReturnShape.Value:
                w.Line(signature.ReturnTypeName + " __result;");
                // [return: MaybeNull] T: the local has the declared type, and the interceptor repeats the attribute.
                EmitTry(w, opClass, "__result = " + call + (signature.ReturnMaybeNull ? "!" : string.Empty) + ";", endsOnSuccess: true, classified);
                EmitFunnel(w, funnel, Arg, "__result", start);
                w.Line(funnel is null ? "return __result;" : "return __result!; // the funnel paths' '?.' does not make the result null");
                break;
            default:
                EmitAsync(w, access, op.ReturnShape, signature, call, funnel, Arg, start, classified, ClassifiedAwaiterArgument(op, Arg));
                break;
        }

        w.Close();
        w.Line();
    }

    /// <summary>
    /// The interceptor's names of the operation's parameters whose text an exception message may quote
    /// (<see cref="RememberedArguments"/>), as <c>", @a, @b"</c>, or empty. A
    /// failed call keeps their text with its exception (<c>ClassifiedArguments.Remember</c>), so that a message such as
    /// <c>The given key 'Ada Lovelace' was not present in the dictionary.</c> is redacted on every sink (a stranger's trial).
    /// </summary>
    private static string ClassifiedArgumentList(OperationModel op, System.Func<int, string> arg)
    {
        var names = ClassifiedArguments(op, arg);
        return names.Count == 0 ? string.Empty : ", " + string.Join(", ", names);
    }

    /// <summary>
    /// The remembered arguments as the failure path passes them: a classified one as itself, one kept for its value's
    /// classified members marked by <c>ClassifiedArguments.MembersOf</c> (a struct: no boxing unless the call fails).
    /// </summary>
    private static List<string> ClassifiedArguments(OperationModel op, System.Func<int, string> arg) =>
        op.Parameters.Where(p => p.RememberedOnFailure)
            .Select(p => p.RememberedMembersOnly ? "global::Instrumentation.Operations.ClassifiedArguments.MembersOf(" + arg(p.Ordinal) + ")" : arg(p.Ordinal))
            .ToList();

    /// <summary>The ordinals of the parameters <see cref="ClassifiedArgumentList"/> names.</summary>
    internal static IEnumerable<int> ClassifiedArgumentOrdinals(OperationModel op) =>
        op.Parameters.Where(p => p.RememberedOnFailure).Select(p => p.Ordinal);

    /// <summary>
    /// The classified arguments as the awaiter of a still-running task takes them: one value, or a tuple of them (no
    /// array and no boxing unless the task fails), after a comma; empty when there are none.
    /// </summary>
    private static string ClassifiedAwaiterArgument(OperationModel op, System.Func<int, string> arg)
    {
        var names = ClassifiedArguments(op, arg);
        return names.Count switch
        {
            0 => string.Empty,
            1 => ", " + names[0],
            _ => ", (" + string.Join(", ", names) + ")",
        };
    }

    private static string RememberClassified(string exception, string classified) =>
        "global::Instrumentation.Operations.ClassifiedArguments.Remember(" + exception + classified + ");";

    /// <summary>
    /// The intercepted method's <c>[DoesNotReturn]</c>, trim requirements (<c>[RequiresUnreferencedCode]</c>, …) and
    /// return attributes, on the interceptor and on its live path (which calls the method too, and which the interceptor
    /// returns through, so it must not return either).
    /// </summary>
    private static void EmitMethodAttributes(SourceWriter w, InterceptorSignature signature)
    {
        if (signature.MethodAttributes.Length > 0)
        {
            w.Line(signature.MethodAttributes);
        }

        if (signature.ReturnAttributes.Length > 0)
        {
            w.Line(signature.ReturnAttributes);
        }
    }

    /// <summary>
    /// A <c>ref struct</c> result may hold a reference that a <c>ref</c>/<c>in</c> argument gave it
    /// (<c>Span2D&lt;T&gt;.DangerousCreate(ref T value, …)</c>): a local declared first and assigned in the <c>try</c> would
    /// have a wider scope than that value (CS8347, CS9077), so the local is declared with the call as its initializer,
    /// inside the <c>try</c>. The filter keeps the catch to the call's own exceptions, so the operation still ends
    /// exactly once, as on the other paths.
    /// </summary>
    private static void EmitRefLikeResult(SourceWriter w, string opClass, string returnType, string call, Funnel.FunnelMethodModel? funnel, System.Func<int, string> arg, string? start, string classified)
    {
        w.Line("bool __called = false;");
        w.Line(Exception + "? __failure = null;");
        w.Open("try");
        w.Line(returnType + " __result = " + call + ";");
        w.Line("__called = true;");
        w.Line(opClass + ".End(ref __state, null);");
        EmitFunnel(w, funnel, arg, "__result", start);
        w.Line("return __result;");
        w.Close();
        w.Open("catch (" + Exception + " __exception) when (!__called && (__failure = __exception) is null)");
        w.Line("throw;");
        w.Close();
        EmitEndOnFailure(w, opClass, classified);
    }

    /// <summary>
    /// The call, and the operation's end when it throws: an exception filter notes the exception (and returns false:
    /// the catch is never entered) and a <c>finally</c> ends the operation while the stack unwinds, after the failing
    /// method's own <c>finally</c> blocks (which still see its span as current), as a catch would. Not a catch that
    /// rethrows: a rethrow starts a new dispatch on top of the stack still in place, so a recursive instrumented method
    /// (Scriban's evaluator, annotated wholesale) whose exception crossed 150–200 instrumented frames overflowed the stack
    /// and killed the process instead of reaching its handler; and each rethrow was a first-chance exception of its own.
    /// Not the end in the filter either: a filter runs before the method's own <c>finally</c> blocks (which then saw the
    /// caller's span as current), and again when such a block throws another exception (two ends); the <c>finally</c>
    /// ends the operation once, with the exception that leaves the call.
    /// </summary>
    /// <remarks>
    /// <paramref name="endsOnSuccess"/>: the operation ends when the call returns too (a synchronous method), in the same
    /// <c>finally</c> (<c>End(ref state, null)</c>); otherwise (a task) only a throwing call ends it here.
    /// </remarks>
    private static void EmitTry(SourceWriter w, string opClass, string statement, bool endsOnSuccess, string classified)
    {
        w.Line(Exception + "? __failure = null;");
        w.Open("try");
        w.Line(statement);
        w.Close();
        w.Open("catch (" + Exception + " __exception) when ((__failure = __exception) is null)");
        w.Line("throw;");
        w.Close();
        if (endsOnSuccess)
        {
            w.Open("finally");
            if (classified.Length > 0)
            {
                w.Open("if (__failure is not null)");
                w.Line(RememberClassified("__failure", classified));
                w.Close();
            }

            w.Line(opClass + ".End(ref __state, __failure);");
            w.Close();
        }
        else
        {
            EmitEndOnFailure(w, opClass, classified);
        }

        w.Line();
    }

    private static void EmitEndOnFailure(SourceWriter w, string opClass, string classified)
    {
        w.Open("finally");
        w.Open("if (__failure is not null)");
        if (classified.Length > 0)
        {
            w.Line(RememberClassified("__failure", classified));
        }

        w.Line(opClass + ".End(ref __state, __failure);");
        w.Close();
        w.Close();
    }

    /// <summary>
    /// When an event takes the call's duration, the timestamp its duration property is measured from (taken just
    /// before the operation begins; no clock read is emitted for methods without a duration property); null when none does.
    /// The funnel-only path sits in a block nested in the instrumented one, so it names its local differently.
    /// </summary>
    private static string? FunnelStart(SourceWriter w, Funnel.FunnelMethodModel? funnel, string local = "__funnelStart")
    {
        if (!Funnel.FunnelEmitter.NeedsDuration(funnel))
        {
            return null;
        }

        w.Line("long " + local + " = global::System.Diagnostics.Stopwatch.GetTimestamp();");
        return local;
    }

    private static void EmitAsync(SourceWriter w, OperationAccess access, ReturnShape shape, InterceptorSignature signature, string call, Funnel.FunnelMethodModel? funnel, System.Func<int, string> arg, string? start, string classified, string awaiterClassified)
    {
        var opClass = access.Target;
        var returnType = signature.ReturnTypeName;
        var mayBeNull = TaskMayBeNull(shape, signature);
        // [return: MaybeNull] Task<T>: the local admits the null the method may return (CS8600 otherwise).
        w.Line(TaskLocalType(shape, signature) + " __task;");
        EmitTry(w, opClass, "__task = " + call + ";", endsOnSuccess: false, classified);
        if (mayBeNull)
        {
            // A Task? that is null: nothing to await, the operation ends here and the caller gets the null.
            w.Open("if (__task is null)");
            w.Line(opClass + ".End(ref __state, null);");
            w.Line("return __task;");
            w.Close();
            w.Line();
        }

        w.Open("if (__task.IsCompletedSuccessfully)");
        EmitCompleted(w, shape, returnType, () => w.Line(opClass + ".End(ref __state, null);"), funnel, arg, start: start);
        w.Close();
        w.Line();
        if (shape is ReturnShape.Task or ReturnShape.TaskOfT)
        {
            // Faulted or cancelled before it came back: handed back as it is, as a successful one is (the awaiting path
            // kept one exception of a Task.WhenAll and made a Task<int> returned as Task a plain Task).
            w.Open("if (__task.IsCompleted)");
            if (classified.Length > 0)
            {
                w.Line(Exception + "? __completedFailure = global::Instrumentation.Operations.OperationFailure.OfCompletedTask(__task);");
                w.Line(RememberClassified("__completedFailure", classified));
                w.Line(opClass + ".End(ref __state, __completedFailure);");
            }
            else
            {
                w.Line(opClass + ".End(ref __state, global::Instrumentation.Operations.OperationFailure.OfCompletedTask(__task));");
            }

            w.Line("return __task;");
            w.Close();
            w.Line();
        }

        var awaiter = shape is ReturnShape.Task or ReturnShape.TaskOfT ? "AwaitTask" : "AwaitValueTask";
        w.Line(TaskTypeName(signature) + " __pending = " + opClass + "." + awaiter + "(__task, __state" + awaiterClassified + ");");
        w.Line(access.Detach());
        EmitPendingReturn(w, shape, signature, funnel, arg, start: start);
    }

    /// <summary>The already-completed path: finish inline (0 B added), emit funnel events, hand the result back.</summary>
    private static void EmitCompleted(SourceWriter w, ReturnShape shape, string returnType, System.Action end, Funnel.FunnelMethodModel? funnel, System.Func<int, string> arg, string task = "__task", string value = "__value", string? start = null)
    {
        switch (shape)
        {
            case ReturnShape.Task:
                end();
                EmitFunnel(w, funnel, arg, null, start);
                w.Line("return " + task + ";");
                break;
            case ReturnShape.TaskOfT:
                end();
                EmitFunnel(w, funnel, arg, task + ".Result", start);
                w.Line("return " + task + ";");
                break;
            case ReturnShape.ValueTask:
                w.Line(task + ".GetAwaiter().GetResult();");
                end();
                EmitFunnel(w, funnel, arg, null, start);
                w.Line("return default;");
                break;
            case ReturnShape.ValueTaskOfT:
                w.Line(ResultTypeName(returnType) + " " + value + " = " + task + ".Result;");
                end();
                EmitFunnel(w, funnel, arg, value, start);
                w.Line("return new " + returnType + "(" + value + ");");
                break;
        }
    }

    /// <summary>The still-running path: return the pending task, or a continuation that emits funnel events on success.</summary>
    private static void EmitPendingReturn(SourceWriter w, ReturnShape shape, InterceptorSignature signature, Funnel.FunnelMethodModel? funnel, System.Func<int, string> arg, string pending = "__pending", string helper = "__AfterSuccess", string? start = null)
    {
        if (funnel is null || funnel.Events.IsEmpty)
        {
            w.Line("return " + pending + ";");
            return;
        }

        var used = Funnel.FunnelEmitter.UsedParameters(funnel).ToList();
        var arguments = string.Join(string.Empty, used.Select(o => ", " + arg(o)));
        var parameters = string.Join(string.Empty, used.Select(o => ", " + signature.Parameters[o].TypeName + " " + arg(o)));
        if (Funnel.FunnelEmitter.NeedsDuration(funnel))
        {
            // The funnel's duration property is measured from the timestamp taken before the call.
            arguments = ", " + start + arguments;
            parameters = ", long __funnelStart" + parameters;
        }

        var hasResult = shape is ReturnShape.TaskOfT or ReturnShape.ValueTaskOfT;
        // A Task? the method may return was handed back before this point when null: the helper takes and returns the
        // task itself (awaiting a 'Task?' parameter is CS8602, found by the mutation fuzzer with 'async Task? M()').
        var taskType = TaskTypeName(signature);
        w.Line("return " + helper + "(" + pending + arguments + ");");
        w.Line();
        w.Open("static async " + taskType + " " + helper + "(" + taskType + " __running" + parameters + ")");
        w.Line((hasResult ? ResultTypeName(taskType) + " __result = " : string.Empty) + "await __running.ConfigureAwait(false);");
        Funnel.FunnelEmitter.Emit(w, funnel, arg, hasResult ? "__result" : null, start is null ? null : "__funnelStart");
        if (hasResult)
        {
            w.Line("return __result!;");
        }

        w.Close();
    }

    /// <summary>The type of the local holding the task the call returned: nullable where the task may be null (CS8600 otherwise).</summary>
    private static string TaskLocalType(ReturnShape shape, InterceptorSignature signature) =>
        TaskMayBeNull(shape, signature) ? WithoutNullableMark(signature.ReturnTypeName) + "?" : signature.ReturnTypeName;

    /// <summary>The method's task type without a trailing '?' (the type a still-running task is handed back as).</summary>
    private static string TaskTypeName(InterceptorSignature signature) => WithoutNullableMark(signature.ReturnTypeName);

    private static string WithoutNullableMark(string typeName) =>
        typeName.EndsWith("?", System.StringComparison.Ordinal) ? typeName.Substring(0, typeName.Length - 1) : typeName;

    /// <summary>
    /// The result type of <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c> as written in the interceptor's signature (its
    /// type argument), so locals holding the result are declared with it and never with 'var' (a user's type named
    /// 'var' would capture it; found by a probe of legal type names).
    /// </summary>
    private static string ResultTypeName(string taskTypeName)
    {
        var name = WithoutNullableMark(taskTypeName);
        var open = name.IndexOf('<');
        return name.Substring(open + 1, name.Length - open - 2);
    }

    /// <summary>
    /// Whether the task the method returns may be null: a <c>Task?</c>, or a <c>Task</c>/<c>Task&lt;T&gt;</c> under
    /// <c>[return: MaybeNull]</c> (a <c>ValueTask</c> is a struct, which the attribute does not make nullable). Such a null
    /// ends the operation at once and is handed back, as the method returned it.
    /// </summary>
    private static bool TaskMayBeNull(ReturnShape shape, InterceptorSignature signature) =>
        signature.ReturnTypeName.EndsWith("?", System.StringComparison.Ordinal)
        || (signature.ReturnMaybeNull && shape is ReturnShape.Task or ReturnShape.TaskOfT);

    private static void EmitFunnel(SourceWriter w, Funnel.FunnelMethodModel? funnel, System.Func<int, string> arg, string? result, string? start)
    {
        if (funnel is not null)
        {
            Funnel.FunnelEmitter.Emit(w, funnel, arg, result, start);
        }
    }

    /// <summary>An interceptor for a method with funnel events and no operation attribute.</summary>
    private static void EmitFunnelOnly(SourceWriter w, Funnel.FunnelMethodModel funnel, InterceptorSignature signature, string call, System.Func<int, string> arg)
    {
        var shape = funnel.ReturnShape;
        w.Open("if (!global::Instrumentation.Funnel.FunnelEvents.IsEnabled)");
        w.Line(shape == ReturnShape.Void ? call + ";" : "return " + call + ";");
        if (shape == ReturnShape.Void)
        {
            w.Line("return;");
        }

        w.Close();
        w.Line();
        // Nobody listens to the operation, so it measures nothing: the funnel's duration property is measured here.
        var start = FunnelStart(w, funnel, "__quickStart");

        switch (shape)
        {
            case ReturnShape.Void:
                w.Line(call + ";");
                Funnel.FunnelEmitter.Emit(w, funnel, arg, null, start);
                break;
            case ReturnShape.Value:
                w.Line(signature.ReturnTypeName + " __quickResult = " + call + (signature.ReturnMaybeNull ? "!" : string.Empty) + ";");
                Funnel.FunnelEmitter.Emit(w, funnel, arg, "__quickResult", start);
                w.Line("return __quickResult!;");
                break;
            default:
                w.Line(TaskLocalType(shape, signature) + " __quickTask = " + call + ";");
                if (TaskMayBeNull(shape, signature))
                {
                    w.Open("if (__quickTask is null)");
                    w.Line("return __quickTask;");
                    w.Close();
                    w.Line();
                }

                w.Open("if (__quickTask.IsCompletedSuccessfully)");
                EmitCompleted(w, shape, signature.ReturnTypeName, () => { }, funnel, arg, "__quickTask", "__quickValue", start);
                w.Close();
                w.Line();
                EmitPendingReturn(w, shape, signature, funnel, arg, "__quickTask", "__AfterQuickSuccess", start);
                break;
        }
    }

    /// <summary>
    /// Reads an <c>ITenantScoped</c> value's tenant into a <c>TenantContext?</c> local through the runtime's
    /// <c>TenantReading.Of</c>: through the interface (an explicit or default implementation, or a type with a <c>Tenant</c>
    /// member of its own, broke <c>value.Tenant</c>), from a copy of a struct, and null when the getter throws (the app's
    /// getter must not replace the call: a newcomer's web app).
    /// </summary>
    private static void ReadTenant(SourceWriter w, string local, string scoped) =>
        w.Line("global::Instrumentation.TenantContext? " + local + " = global::Instrumentation.Operations.TenantReading.Of(" + scoped + ");");

    private static void EmitCaptures(SourceWriter w, OperationModel op, InterceptorSignature signature)
    {
        string Arg(ParameterModel parameter) =>
            parameter.Ordinal < signature.Parameters.Count ? InterceptorNames.Parameter(signature, parameter.Ordinal) : "@" + parameter.Name;

        // Copies are declared with the parameter's type as the interceptor declares it: never 'var', which a user's type
        // named 'var' would capture.
        string TypeOf(ParameterModel parameter) =>
            parameter.Ordinal < signature.Parameters.Count ? signature.Parameters[parameter.Ordinal].TypeName : parameter.TypeName;

        if (op.ContainingTypeIsTenantScoped && !signature.IsStatic)
        {
            ReadTenant(w, "__tenant", "@this");

            w.Line("__state.OrgId = __tenant?.OrgId;");
            w.Line("__state.ProjectId = __tenant?.ProjectId;");
            w.Line("__state.DeviceUuid = __tenant?.DeviceUuid;");
        }

        foreach (var parameter in op.Parameters.Where(p => p.Tenant is TenantRole.Context or TenantRole.NullableContext or TenantRole.Scoped))
        {
            var source = Arg(parameter);
            if (parameter.Tenant == TenantRole.Scoped)
            {
                // The Tenant getter is the app's code: read it as the instance's is read (ReadTenant).
                var tenant = "__tenant" + parameter.Ordinal;
                ReadTenant(w, tenant, source);
                source = tenant;
            }

            var nullable = parameter.Tenant is TenantRole.NullableContext or TenantRole.Scoped;
            var access = nullable ? "?." : ".";
            w.Line("__state.OrgId = " + (nullable ? "(" + source + ")" : source) + access + "OrgId;");
            w.Line("__state.ProjectId = " + (nullable ? "(" + source + ")" : source) + access + "ProjectId;");
            w.Line("__state.DeviceUuid = " + (nullable ? "(" + source + ")" : source) + access + "DeviceUuid;");
        }

        if (OperationClassEmitter.CallerToken(op) is { } callerToken)
        {
            // A cancellation through the call's own token is not a failure (OperationFailure in the runtime).
            OperationClassEmitter.EmitCallerToken(w, callerToken, Arg(callerToken));
        }

        foreach (var parameter in op.Parameters)
        {
            var arg = Arg(parameter);
            var target = parameter.Tenant switch
            {
                TenantRole.OrgId => "__state.OrgId",
                TenantRole.ProjectId => "__state.ProjectId",
                TenantRole.DeviceUuid => "__state.DeviceUuid",
                _ => null,
            };
            if (target is not null)
            {
                w.Line(target + " = " + TenantText(parameter, arg) + ";");
            }

            if (OperationClassEmitter.IsCaptured(parameter))
            {
                w.Line("__state." + OperationClassEmitter.StateField(parameter) + " = " + arg + ";");
            }

            if (parameter.BatchCountMember is { } count)
            {
                if (count == ParameterParser.IntegerCount)
                {
                    // The argument is the count itself; a negative one counts as an empty batch.
                    w.Line("__state.BatchCount = global::System.Math.Max(0L, (long)" + arg + ");");
                }
                else
                {
                    // The user's Count (or Length) getter may throw: the call must still run as it would without the SDK
                    // (a stranger's collection whose Count threw stopped the call before it started). Its size is then
                    // unknown (-1): no batch size is recorded and no messages are counted.
                    if (parameter.BatchIsReferenceType)
                    {
                        // A copy, so the null check does not change the flow state of the argument itself; as the
                        // interface whose Count the class implements explicitly, where that is how it is read.
                        w.Line((parameter.BatchCountVia is { } via ? via + "?" : TypeOf(parameter)) + " __batch = " + arg + ";");
                    }

                    w.Open("try");
                    w.Line(parameter.BatchIsReferenceType
                        ? "__state.BatchCount = __batch is null ? 0 : __batch." + count + ";"
                        : "__state.BatchCount = " + arg + "." + count + ";");
                    w.Close();
                    w.Open("catch (global::System.Exception)");
                    w.Line("__state.BatchCount = -1;");
                    w.Close();
                }
            }

            if (parameter.IsQueueSize)
            {
                w.Line("__state.QueueSize = (long)" + arg + ";");
            }

            if (parameter.LatencyStart != LatencyStartKind.None)
            {
                w.Line("__state.LatencyStart = " + arg + ";");
            }
        }
    }

    /// <summary>
    /// A tenant id's text: a string as it is; any other value through <c>TenantReading.Text</c>, which returns null when
    /// its <c>ToString()</c> throws (the app's code must not replace the call: a stranger's trial) — a method call, so the
    /// argument's own flow state is not changed either ('@x?.ToString()' made a non-nullable argument maybe-null, CS8604).
    /// </summary>
    private static string TenantText(ParameterModel parameter, string arg) =>
        parameter.Value.Kind == ValueKind.String ? arg : "global::Instrumentation.Operations.TenantReading.Text(" + arg + ")";

    private static void EmitConstraints(SourceWriter w, InterceptorSignature signature)
    {
        foreach (var typeParameter in signature.TypeParameters)
        {
            if (typeParameter.Constraints.Length > 0)
            {
                w.Line("    " + typeParameter.Constraints);
            }
        }
    }

    /// <summary>The interceptor's arguments passed on to its _Live method (receiver first, ref kinds kept).</summary>
    private static string LiveArguments(InterceptorSignature signature)
    {
        var parts = new List<string>();
        if (!signature.IsStatic)
        {
            parts.Add(ReceiverRefKind(signature) + "@this");
        }

        parts.AddRange(signature.Parameters.Select((p, i) => ArgumentPrefix(p.RefKind) + InterceptorNames.Parameter(p, i)));
        return string.Join(", ", parts);
    }

    /// <summary>How a struct receiver is passed: <c>in</c> when the method's <c>this</c> is readonly, else <c>ref</c>.</summary>
    private static string ReceiverRefKind(InterceptorSignature signature) =>
        !signature.ReceiverIsValueType ? string.Empty : signature.ReceiverIsReadOnly ? "in " : "ref ";

    private static string ParameterList(InterceptorSignature signature, bool asExtension = true)
    {
        var parts = new List<string>();
        if (!signature.IsStatic)
        {
            parts.Add((asExtension ? "this " : string.Empty) + ReceiverRefKind(signature) + signature.ContainingTypeName + " @this");
        }

        for (var i = 0; i < signature.Parameters.Count; i++)
        {
            var parameter = signature.Parameters[i];
            parts.Add(parameter.Attributes
                + (parameter.IsThis && asExtension ? "this " : string.Empty)
                + (parameter.IsParams ? "params " : string.Empty)
                + parameter.RefKind
                + parameter.TypeName
                + " " + InterceptorNames.Parameter(parameter, i));
        }

        return string.Join(", ", parts);
    }

    private static string CallExpression(InterceptorSignature signature)
    {
        var typeArguments = signature.MethodTypeArguments.IsEmpty
            ? string.Empty
            : "<" + string.Join(", ", signature.MethodTypeArguments) + ">";
        var arguments = string.Join(", ", signature.Parameters.Select((p, i) => ArgumentPrefix(p.RefKind) + InterceptorNames.Parameter(p, i)));
        var target = signature.IsStatic ? signature.ContainingTypeName : "@this";
        return target + "." + CSharpLiteral.Identifier(signature.MethodName) + typeArguments + "(" + arguments + ")";
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
