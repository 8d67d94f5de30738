using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Analyzers;

/// <summary>What a metric label key says about its values.</summary>
internal enum KeyClass
{
    /// <summary>Nothing special (<c>kind</c>, <c>message_type</c>, <c>request_method</c>, <c>queue_name</c>...): the value decides.</summary>
    Neutral,

    /// <summary>An identifier or personal value whatever the value's type (<c>user_id</c>, <c>device</c>, <c>email</c>, <c>url</c>, <c>first_name</c>).</summary>
    Identifier,

    /// <summary>A quantity (<c>count</c>, <c>size</c>, <c>bytes</c>, <c>duration_ms</c>, <c>offset</c>): integers are not accepted as small label sets.</summary>
    Quantity,

    /// <summary>Free text or a path (<c>path</c>, <c>name</c>, <c>query</c>): fine only with a bounded value (a route template, a declared set).</summary>
    FreeText,
}

/// <summary>
/// What makes a metric label key or value high-cardinality. Keys are judged by their final word (so
/// <c>message_type</c>, <c>request_method</c>, <c>span_kind</c> and <c>device_kind</c> are fine while
/// <c>message_id</c>, <c>device</c> and <c>user_email</c> are not) plus a few known compounds.
/// </summary>
internal static class CardinalityRules
{
    /// <summary>Final words that make a key an identifier whatever its value.</summary>
    private static readonly HashSet<string> IdentifierFinals = new()
    {
        "id", "ids", "uid", "uuid", "uuids", "guid", "guids", "email", "emails", "mail", "ip", "ips", "ipaddress",
        "url", "urls", "uri", "uris", "href", "session", "sessions", "trace", "traceparent", "user", "users", "username",
        "login", "customer", "customers", "device", "devices", "token", "tokens", "phone", "timestamp", "ts",
        "firstname", "lastname", "fullname", "surname", "displayname", "nickname",
    };

    /// <summary>Nouns that form an identifier with a glued <c>id</c> (<c>userid</c>, <c>deviceid</c>).</summary>
    private static readonly HashSet<string> IdentifierStems = new()
    {
        "user", "device", "session", "request", "message", "trace", "span", "org", "project", "customer", "account",
        "tenant", "client", "order", "item", "widget", "flow", "node", "exec", "connection", "correlation",
        "transaction", "event", "job", "run", "entity", "dashboard", "sensor",
    };

    /// <summary>Words before <c>name</c> that make it a person's name.</summary>
    private static readonly HashSet<string> PersonNamePrefixes = new()
    {
        "first", "last", "full", "user", "customer", "person", "display", "given", "family", "middle", "contact", "sur", "nick", "real",
    };

    /// <summary>Words before <c>address</c> that make it an IP or e-mail address.</summary>
    private static readonly HashSet<string> AddressPrefixes = new() { "ip", "email", "mail", "remote", "client", "mac", "peer" };

    private static readonly HashSet<string> QuantityFinals = new()
    {
        "count", "size", "length", "len", "bytes", "total", "number", "num", "seq", "sequence", "offset", "index", "idx",
        "position", "duration", "elapsed", "latency", "ms", "millis", "milliseconds", "seconds", "ns", "time", "age",
        "amount", "port", "line",
    };

    private static readonly HashSet<string> FreeTextFinals = new()
    {
        "path", "name", "query", "text", "message", "description", "title", "comment", "body", "address", "filename", "file",
    };

    private static readonly HashSet<string> PredicatePrefixes = new() { "is", "has", "can", "should", "was", "did", "allow", "enable" };

    /// <summary>
    /// Attributes the OpenTelemetry semantic conventions put on metrics (HTTP, database, messaging, RPC, network): the
    /// conventions choose them to keep series bounded — a client's server address and port, a pool's name, a method —
    /// and libraries are required to write them with their real values. INS1002 on Npgsql's <c>server.port</c>,
    /// <c>server.address</c> and <c>db.client.connection.pool.name</c> broke its warnings-as-errors build when the package
    /// was added (a newcomer's trial). Only these exact dotted keys: <c>server_address</c> or <c>user.id</c> are judged as before.
    /// </summary>
    private static readonly HashSet<string> SemanticConventionMetricAttributes = new(System.StringComparer.Ordinal)
    {
        "server.address", "server.port", "network.protocol.name", "network.protocol.version", "network.transport", "network.type",
        "url.scheme", "http.request.method", "http.response.status_code", "http.route", "error.type",
        "db.system", "db.system.name", "db.namespace", "db.operation.name", "db.collection.name", "db.response.status_code",
        "db.client.connection.pool.name", "db.client.connection.state", "db.query.summary", "db.stored_procedure.name",
        "messaging.system", "messaging.operation.name", "messaging.operation.type", "messaging.destination.name",
        "messaging.consumer.group.name", "messaging.destination.subscription.name", "messaging.destination.partition.id",
        "rpc.system", "rpc.service", "rpc.method", "rpc.grpc.status_code", "rpc.connect_rpc.error_code", "rpc.jsonrpc.error_code",
    };

    /// <summary>Whether <paramref name="key"/> is an attribute the OpenTelemetry semantic conventions define for metrics.</summary>
    public static bool IsSemanticConventionMetricAttribute(string key) => SemanticConventionMetricAttributes.Contains(key);

    /// <summary>The class of a key.</summary>
    public static KeyClass Classify(string key)
    {
        var tokens = NameTokens.Split(key);
        if (tokens.Count == 0)
        {
            return KeyClass.Neutral;
        }

        if (tokens.Count > 1 && PredicatePrefixes.Contains(tokens[0]))
        {
            // is_user, has_email: a yes/no question, not the value itself.
            return KeyClass.Neutral;
        }

        var last = tokens[tokens.Count - 1];
        var previous = tokens.Count > 1 ? tokens[tokens.Count - 2] : null;
        if (IdentifierFinals.Contains(last) || IsGluedIdentifier(last))
        {
            return KeyClass.Identifier;
        }

        if (last == "name" && previous is not null && PersonNamePrefixes.Contains(previous))
        {
            return KeyClass.Identifier;
        }

        if (last == "address" && previous is not null && AddressPrefixes.Contains(previous))
        {
            return KeyClass.Identifier;
        }

        if (QuantityFinals.Contains(last))
        {
            return KeyClass.Quantity;
        }

        return FreeTextFinals.Contains(last) ? KeyClass.FreeText : KeyClass.Neutral;
    }

    /// <summary>Why a key is high-cardinality whatever its value, or null when the value decides.</summary>
    public static string? KeyProblem(string key) =>
        Classify(key) == KeyClass.Identifier ? "its name '" + key + "' denotes an identifier or personal value" : null;

    /// <summary>
    /// INS1001: why a <c>[MetricLabel]</c> parameter of <paramref name="type"/> is not a bounded set, or null.
    /// The generator records only enums, booleans and <c>[BoundedValues]</c> strings as labels.
    /// </summary>
    public static string? LabelTypeProblem(ITypeSymbol type, bool hasBoundedValues)
    {
        var underlying = Underlying(type);
        if (underlying.TypeKind == TypeKind.Enum || underlying.SpecialType == SpecialType.System_Boolean)
        {
            return null;
        }

        if (underlying.SpecialType == SpecialType.System_String)
        {
            return hasBoundedValues ? null : "a free string (declare its values with [BoundedValues])";
        }

        return TypeProblem(underlying) ?? "values of " + underlying.Name + " are not a declared bounded set (labels are enums, bools or [BoundedValues] strings)";
    }

    /// <summary>
    /// INS1002: why a hand-written tag value of <paramref name="type"/> is unbounded, or null. Integers of
    /// 32 bits or fewer are accepted (status codes, small codes) unless the key names a quantity or an identifier.
    /// </summary>
    public static string? ValueTypeProblem(ITypeSymbol? type, KeyClass keyClass)
    {
        if (type is null)
        {
            return null;
        }

        var underlying = Underlying(type);
        if (underlying.TypeKind == TypeKind.Enum || underlying.SpecialType == SpecialType.System_Boolean)
        {
            return null;
        }

        switch (underlying.SpecialType)
        {
            case SpecialType.System_String:
                return keyClass == KeyClass.FreeText
                    ? "its value is a non-constant string: free text or a path with ids in it (record a route template or a declared set)"
                    : "its value is a non-constant string";
            case SpecialType.System_Int32:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Byte:
            case SpecialType.System_SByte:
            case SpecialType.System_UInt32:
            case SpecialType.System_Char:
                return keyClass == KeyClass.Quantity ? "its key names a quantity, whose integer values are unbounded" : null;
        }

        return TypeProblem(underlying) ?? "values of " + underlying.Name + " are not a declared bounded set";
    }

    private static string? TypeProblem(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_DateTime:
                return "a DateTime is a timestamp";
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
                return "a 64-bit integer is an id, a count or a timestamp";
            case SpecialType.System_Int32:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Byte:
            case SpecialType.System_SByte:
            case SpecialType.System_UInt32:
                return "a number has unbounded values";
            case SpecialType.System_Double:
            case SpecialType.System_Single:
            case SpecialType.System_Decimal:
                return "a floating-point value is a measurement, not a label";
        }

        return type.Name switch
        {
            "Guid" => "a Guid is an identifier",
            "DateTimeOffset" => "a DateTimeOffset is a timestamp",
            "TimeSpan" => "a TimeSpan has unbounded values",
            _ => null,
        };
    }

    private static bool IsGluedIdentifier(string token)
    {
        foreach (var suffix in new[] { "uuid", "guid", "id" })
        {
            if (token.Length > suffix.Length && token.EndsWith(suffix, System.StringComparison.Ordinal)
                && (suffix != "id" || IdentifierStems.Contains(token.Substring(0, token.Length - 2))))
            {
                return true;
            }
        }

        return false;
    }

    private static ITypeSymbol Underlying(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;
}
