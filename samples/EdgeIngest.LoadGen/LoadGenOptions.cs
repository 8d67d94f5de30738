using System;
using System.Collections.Generic;
using System.Globalization;

namespace EdgeIngest.LoadGen;

/// <summary>
/// <c>--url URL --devices N --rate MSG_PER_S|max --duration SECONDS [--in-flight N] [--flows N] [--json]</c>.
/// <c>--rate max</c> saturates the server without an unbounded backlog: each device keeps at most
/// <c>--in-flight</c> unacknowledged messages (closed loop) and sends the next one as soon as one is acknowledged.
/// <c>--flows</c> (default 1) is how many flows on the temperature sensor the load's project gets, as a user's project
/// has them: each runs on every message (a flow execution and its <c>FlowExecuted</c> funnel event each); 0 for none.
/// </summary>
public sealed record LoadGenOptions(Uri Url, int Devices, double Rate, TimeSpan Duration, bool Json, int InFlight = 32, int Flows = 1)
{
    public const string Usage = "EdgeIngest.LoadGen [--url http://127.0.0.1:5080] [--devices 10] [--rate 100|max] [--duration 30] [--in-flight 32] [--flows 1] [--json]";

    /// <summary>True for <c>--rate max</c>: closed loop, as fast as the server acknowledges.</summary>
    public bool Saturate => double.IsPositiveInfinity(Rate);

    public static LoadGenOptions Parse(IReadOnlyList<string> args)
    {
        var url = new Uri("http://127.0.0.1:5080/");
        var devices = 10;
        var rate = 100.0;
        var duration = TimeSpan.FromSeconds(30);
        var json = false;
        var inFlight = 32;
        var flows = 1;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException(args[i] + " needs a value.");
            switch (args[i])
            {
                case "--url":
                    var text = Value();
                    if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out url!) || (url.Scheme != "http" && url.Scheme != "https"))
                    {
                        throw new ArgumentException("--url must be an http(s) URL, not '" + text + "'.");
                    }

                    break;
                case "--devices":
                    devices = Positive(Value(), "--devices");
                    break;
                case "--rate":
                    var rateText = Value();
                    if (rateText == "max")
                    {
                        rate = double.PositiveInfinity;
                    }
                    else if (!double.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out rate) || rate <= 0)
                    {
                        throw new ArgumentException("--rate takes messages per second (> 0) or max, not '" + rateText + "'.");
                    }

                    break;
                case "--duration":
                    duration = TimeSpan.FromSeconds(Positive(Value(), "--duration"));
                    break;
                case "--in-flight":
                    inFlight = Positive(Value(), "--in-flight");
                    break;
                case "--flows":
                    var flowsText = Value();
                    flows = int.TryParse(flowsText, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count <= 100
                        ? count
                        : throw new ArgumentException("--flows takes a whole number from 0 to 100, not '" + flowsText + "'.");
                    break;
                case "--json":
                    json = true;
                    break;
                default:
                    throw new ArgumentException("Unknown option '" + args[i] + "'.");
            }
        }

        return new LoadGenOptions(url, devices, rate, duration, json, inFlight, flows);
    }

    private static int Positive(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException(name + " takes a positive whole number, not '" + text + "'.");
}
