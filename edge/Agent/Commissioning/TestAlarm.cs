using System.Diagnostics;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Outbox;
using EdgeSecurity.Agent.Publishing;
using EdgeSecurity.Contract;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Commissioning;

/// <summary>
/// The installer's end-to-end check: a smoke alarm of the gateway itself, marked as a test, goes through the outbox
/// like any alarm, and the round trip ends when the hub confirms it stored the event on the acks topic. It bypasses
/// the event rules on purpose: maintenance must not swallow it, and fusion must not combine it.
/// </summary>
public sealed class TestAlarm(AgentConfig config, OutboxPublisher outbox, HubConfirmations confirmations, CommissioningStore store, TimeProvider time,
    ILogger<TestAlarm> logger)
{
    public const string Attribute = "commissioning";

    public async Task<TestAlarmResult> RunAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var place = new Place(config.Gateway.Community, config.Gateway.Grid, null, null, null, null);
        var eventId = outbox.PublishEvent(new Detection(config.Gateway.Id, place, EventTypes.SmokeAlarm, at,
            new Dictionary<string, string> { [Attribute] = "test_alarm" }, IsTest: true));
        var confirmed = await confirmations.WaitAsync(eventId, timeout, time, cancellationToken).ConfigureAwait(false);
        var roundTrip = confirmed ? Stopwatch.GetElapsedTime(started).TotalMilliseconds : (double?)null;
        var result = new TestAlarmResult(at, eventId, confirmed, roundTrip, timeout.TotalSeconds);
        if (confirmed)
            logger.LogInformation("Test alarm {EventId} stored by the hub after {Milliseconds:0.0} ms", eventId, roundTrip);
        else
            logger.LogWarning("Test alarm {EventId}: no confirmation from the hub within {Seconds:0.#} s; it stays in the outbox and is sent again", eventId, timeout.TotalSeconds);
        store.Update(record => record with { TestAlarm = result });
        return result;
    }
}
