using EdgeSecurity.Contract;

namespace EdgeSecurity.Video;

/// <summary>
/// De-duplication and cool-down of one rule: while the condition holds the rule has one open alert; changes to it
/// (its fingerprint: who is involved, how many) are sent as updates at most every update interval; the alert is cleared
/// once the condition has been false for the cool-down, so a person who steps out of a zone and back does not make a
/// second alert, and only a later recurrence does.
/// </summary>
internal sealed class AlertSituation(string camera, string rule, EventType type, string? zone, TimeSpan cooldown, TimeSpan updateInterval)
{
    private Guid? _alertId;
    private DateTimeOffset _startedAt;
    private DateTimeOffset _lastActive;
    private DateTimeOffset _lastSent;
    private string _lastFingerprint = "";
    private Dictionary<string, string> _lastAttributes = [];

    public bool IsOpen => _alertId is not null;

    /// <param name="fingerprint">Changes exactly when the situation changes in a way worth an update.</param>
    /// <param name="attributes">Built only when something is sent.</param>
    public void Observe(CameraScene scene, bool active, string fingerprint, Func<Dictionary<string, string>> attributes, List<CameraAlert> alerts)
    {
        var at = scene.At;
        if (active)
        {
            _lastActive = at;
            if (_alertId is null)
            {
                _alertId = Guid.CreateVersion7(at);
                _startedAt = at;
                Send(scene, AlertPhase.Raised, fingerprint, attributes(), alerts);
            }
            else if (fingerprint != _lastFingerprint && at - _lastSent >= updateInterval)
            {
                Send(scene, AlertPhase.Updated, fingerprint, attributes(), alerts);
            }
            return;
        }
        if (_alertId is not null && at - _lastActive >= cooldown)
        {
            Send(scene, AlertPhase.Cleared, _lastFingerprint, _lastAttributes, alerts);
            _alertId = null;
        }
    }

    private void Send(CameraScene scene, AlertPhase phase, string fingerprint, Dictionary<string, string> attributes, List<CameraAlert> alerts)
    {
        _lastSent = scene.At;
        _lastFingerprint = fingerprint;
        _lastAttributes = attributes;
        alerts.Add(new CameraAlert(_alertId!.Value, camera, rule, type, phase, scene.At, _startedAt, zone, attributes, scene.FrameTimestamp));
    }
}
