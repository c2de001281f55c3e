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
public sealed class RuledEventPublisher(OutboxPublisher outbox, DeviceOverrides overrides, GatewayModeState mode, FusionEngine fusion, ILogger<RuledEventPublisher> logger)
    : IEventPublisher
{
    public Guid PublishEvent(Detection detection)
    {
        var eventId = Publish(detection);
        if (eventId == Guid.Empty)
            return eventId;
        foreach (var fused in fusion.Observe(detection with { IsTest = detection.IsTest || overrides.IsTest(detection.DeviceId) }, eventId))
        {
            var fusedId = Publish(fused);
            logger.LogWarning("Fusion rule {Rule}: {Type} at {Place} from events {Events}: event {EventId}",
                fused.Attributes!["rule"], fused.Type.Code, fused.Place, fused.Attributes["fusedEvents"], fusedId);
        }
        return eventId;
    }

    public void PublishState(string deviceId, string state, DateTimeOffset at, DeviceHealth? health = null) => outbox.PublishState(deviceId, state, at, health);

    public void PublishTelemetry(string deviceId, IReadOnlyDictionary<string, double> values, DateTimeOffset at) =>
        outbox.PublishTelemetry(deviceId, values, at);

    private Guid Publish(Detection detection)
    {
        if (overrides.InMaintenance(detection.DeviceId, detection.OccurredAt))
        {
            logger.LogInformation("Suppressed {Type} of {DeviceId}: the device is under maintenance", detection.Type.Code, detection.DeviceId);
            return Guid.Empty;
        }
        var level = mode.Settings.Levels.TryGetValue(detection.Type, out var modeLevel) ? modeLevel : detection.Level;
        return outbox.PublishEvent(detection with { Level = level, IsTest = detection.IsTest || overrides.IsTest(detection.DeviceId) });
    }
}
