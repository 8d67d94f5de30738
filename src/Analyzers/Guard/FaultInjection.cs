using System;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Analyzers.Guard;

/// <summary>
/// A test-only hook that makes one analyzer (or code fix) throw in one place, to prove that the failure stays isolated
/// (the generators have the same hook). It is set per async flow, so parallel tests do not see each other's plan, and
/// is inert otherwise.
/// </summary>
internal static class FaultInjection
{
    private static readonly AsyncLocal<Plan?> Current = new();

    /// <summary>Where a failure is injected.</summary>
    internal enum Stage
    {
        /// <summary>The compilation-start action (symbols are resolved there).</summary>
        CompilationStart,

        /// <summary>A symbol action on the named member.</summary>
        Symbol,

        /// <summary>An operation action on an operation inside the named member.</summary>
        Operation,

        /// <summary>A syntax node action on a node inside the named member.</summary>
        SyntaxNode,

        /// <summary>The compilation-end action.</summary>
        CompilationEnd,

        /// <summary>A code fix registering its actions.</summary>
        RegisterCodeFix,

        /// <summary>A code fix's action computing the fixed document or solution.</summary>
        ApplyCodeFix,
    }

    /// <summary>Makes <paramref name="analyzer"/> (a type name, or null for every analyzer) throw at <paramref name="stage"/> for <paramref name="member"/> (null: any).</summary>
    public static IDisposable Throw(Stage stage, string? analyzer, string? member = null)
    {
        Current.Value = new Plan(stage, analyzer, member);
        return new Reset();
    }

    /// <summary>True when a failure is planned in this flow (lets a caller skip work that only a plan needs).</summary>
    public static bool IsArmed => Current.Value is not null;

    /// <summary>Throws when the current plan names this stage, component and member.</summary>
    public static void Check(Stage stage, string component, ISymbol? member)
    {
        var plan = Current.Value;
        if (plan is not null && plan.Stage == stage
            && (plan.Component is null || plan.Component == component)
            && (plan.Member is null || plan.Member == member?.Name))
        {
            throw new InvalidOperationException("Injected failure in " + component + " at " + stage);
        }
    }

    private sealed record Plan(Stage Stage, string? Component, string? Member);

    private sealed class Reset : IDisposable
    {
        public void Dispose() => Current.Value = null;
    }
}
