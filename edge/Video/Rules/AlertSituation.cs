using EdgeSecurity.Contract;

namespace EdgeSecurity.Video;

/// <summary>
/// De-duplication and cool-down of one rule: while the condition holds the rule has one open alert; when it grows (more
/// people, another crossing: a magnitude above the highest sent) an update is sent, at most every update interval; the
/// alert is cleared once the condition has been false for the cool-down, so a person who steps out of a zone and back
/// does not make a second alert, and only a later recurrence does. People coming and going on a busy square do not
/// make a stream of updates: only a larger situation does.
/// </summary>
internal sealed class AlertSituation(string camera, string rule, EventType type, string? zone, TimeSpan cooldown, TimeSpan updateInterval)
{
    private Guid? _alertId;
    private DateTimeOffset _startedAt;
    private DateTimeOffset _lastActive;
    private DateTimeOffset _lastSent;
    private int _sentMagnitude;
    private Dictionary<string, string> _lastAttributes = [];

    public bool IsOpen => _alertId is not null;

    /// <param name="magnitude">How big the situation is now (people involved, crossings so far).</param>
    /// <param name="attributes">Built only when something is sent.</param>
    public void Observe(CameraScene scene, bool active, int magnitude, Func<Dictionary<string, string>> attributes, List<CameraAlert> alerts)
    {
        var at = scene.At;
        if (active)
        {
            _lastActive = at;
            if (_alertId is null)
            {
                _alertId = Guid.CreateVersion7(at);
                _startedAt = at;
                Send(scene, AlertPhase.Raised, magnitude, attributes(), alerts);
            }
            else if (magnitude > _sentMagnitude && at - _lastSent >= updateInterval)
            {
                Send(scene, AlertPhase.Updated, magnitude, attributes(), alerts);
            }
            return;
        }
        if (_alertId is not null && at - _lastActive >= cooldown)
        {
            Send(scene, AlertPhase.Cleared, _sentMagnitude, _lastAttributes, alerts);
            _alertId = null;
        }
    }

    private void Send(CameraScene scene, AlertPhase phase, int magnitude, Dictionary<string, string> attributes, List<CameraAlert> alerts)
    {
        _lastSent = scene.At;
        _sentMagnitude = magnitude;
        _lastAttributes = attributes;
        alerts.Add(new CameraAlert(_alertId!.Value, camera, rule, type, phase, scene.At, _startedAt, zone, attributes, scene.FrameTimestamp));
    }
}
