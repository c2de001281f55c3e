using EdgeSecurity.Agent.Commissioning;
using EdgeSecurity.Agent.Modes;
using EdgeSecurity.Agent.Outbox;
using EdgeSecurity.Agent.Publishing;
using EdgeSecurity.Contract;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Rules;

/// <summary>
/// The event path every device reports through: maintenance suppresses, test mode marks, the mode sets warning
/// levels, then the event goes to the durable outbox and on to fusion, whose combined events take the same path
/// (without being fused again). States and telemetry pass unchanged.
/// </summary>
public sealed class RuledEventPublisher(OutboxPublisher outbox, DeviceOverrides overrides, GatewayModeState mode, FusionEngine fusion, WalkTest walkTest,
    ILogger<RuledEventPublisher> logger)
    : IEventPublisher
{
    private readonly AlertTestMarks _alertMarks = new();

    public Guid PublishEvent(Detection detection)
    {
        var marked = detection with { IsTest = _alertMarks.Mark(detection.Attributes, IsTest(detection)) };
        var eventId = Publish(marked);
        // After publishing: the firing that completes a walk test ends test mode, and its own event must still be a test.
        walkTest.ObserveEvent(detection.DeviceId, detection.Type, detection.OccurredAt);
        if (eventId == Guid.Empty)
            return eventId;
        foreach (var fused in fusion.Observe(marked, eventId))
        {
            var fusedId = Publish(fused with { IsTest = IsTest(fused) });
            logger.LogWarning("Fusion rule {Rule}: {Type} at {Place} from events {Events}: event {EventId}",
                fused.Attributes!["rule"], fused.Type.Code, fused.Place, fused.Attributes["fusedEvents"], fusedId);
        }
        return eventId;
    }

    public void PublishState(string deviceId, string state, DateTimeOffset at, DeviceHealth? health = null)
    {
        outbox.PublishState(deviceId, state, at, health);
        walkTest.ObserveState(deviceId, state, at);
    }

    public void PublishTelemetry(string deviceId, IReadOnlyDictionary<string, double> values, DateTimeOffset at) =>
        outbox.PublishTelemetry(deviceId, values, at);

    /// <summary>A walk test marks every device's events, whatever else is set (a camera alert's updates keep the mark it was raised with).</summary>
    private bool IsTest(Detection detection) => detection.IsTest || walkTest.IsActive || overrides.IsTest(detection.DeviceId);

    private Guid Publish(Detection detection)
    {
        if (overrides.InMaintenance(detection.DeviceId, detection.OccurredAt))
        {
            logger.LogInformation("Suppressed {Type} of {DeviceId}: the device is under maintenance", detection.Type.Code, detection.DeviceId);
            return Guid.Empty;
        }
        var level = mode.Settings.Levels.TryGetValue(detection.Type, out var modeLevel) ? modeLevel : detection.Level;
        return outbox.PublishEvent(detection with { Level = level });
    }
}
