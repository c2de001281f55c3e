using System.Globalization;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Contract;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Doors;

/// <summary>
/// Watches a door's wiring, since a digital input cannot read a supervised (end-of-line) loop: the tamper loop
/// opening, a contact that changes far more often than doors do (a loose wire, a floating input, edges lost), and
/// one that never changes (a bridged or stuck contact). Each raises <c>security.door_tamper</c> with a reason, once
/// per episode. While a line chatters its changes raise no door events: one tamper alarm instead of a flood of forced
/// openings.
/// </summary>
public sealed class LineSupervisor : IDisposable
{
    public const string TamperLoopOpened = "tamper_loop_opened";
    public const string Chatter = "chatter";
    public const string EdgesLost = "edges_lost";
    public const string StuckLine = "stuck_line";

    private readonly Lock _gate = new();
    private readonly DoorContact _door;
    private readonly LineSupervision _supervision;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Queue<DateTimeOffset> _changes = new();
    private ITimer? _stuckTimer;
    private bool _chattering;
    private bool _tamperOpen;
    private long _droppedEdges;
    private bool _disposed;

    public LineSupervisor(DoorContact door, LineSupervision supervision, TimeProvider time, ILogger logger)
    {
        _door = door;
        _supervision = supervision;
        _time = time;
        _logger = logger;
    }

    public void Start() => RestartStuckTimer();

    /// <summary>A debounced change of the contact. Returns whether the line is chattering, in which case the change says nothing about the door.</summary>
    public bool ContactChanged(DateTimeOffset at)
    {
        lock (_gate)
        {
            if (_disposed)
                return false;
            _changes.Enqueue(at);
            while (_changes.Count > 0 && at - _changes.Peek() > _supervision.ChatterWindow)
                _changes.Dequeue();
            if (_supervision.ChatterEdges == 0 || _changes.Count <= _supervision.ChatterEdges)
            {
                _chattering = false;
            }
            else if (!_chattering)
            {
                _chattering = true;
                Report(Chatter, at, $"{_changes.Count} changes within {_supervision.ChatterWindow.TotalSeconds:0} s",
                    $"{_supervision.ChatterWindow.TotalSeconds:0} 秒内变化 {_changes.Count} 次：接线松动或输入悬空");
            }
            RestartStuckTimer();
            return _chattering;
        }
    }

    /// <summary>The line's count of edges it had to drop: any increase means the input changes faster than it is read.</summary>
    public void DroppedEdges(long total, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (_disposed || total <= _droppedEdges)
                return;
            var lost = total - _droppedEdges;
            _droppedEdges = total;
            Report(EdgesLost, at, string.Create(CultureInfo.InvariantCulture, $"{lost} edges dropped: the line changes faster than a door can"),
                string.Create(CultureInfo.InvariantCulture, $"丢失 {lost} 个信号变化：线路变化快于门的开关"));
        }
    }

    public void TamperLoop(bool intact, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (_disposed || intact == !_tamperOpen)
                return;
            _tamperOpen = !intact;
            if (intact)
                _logger.LogInformation("Door {DoorId}: tamper loop closed again", _door.Id);
            else
                Report(TamperLoopOpened, at, "the contact's tamper loop opened: its cover was removed or its cable cut", "门磁防拆回路断开：外壳被打开或线缆被剪断");
        }
    }

    private void RestartStuckTimer()
    {
        if (_supervision.StuckAfter is not { } after)
            return;
        _stuckTimer?.Dispose();
        _stuckTimer = _time.CreateTimer(_ => OnStuck(after), null, after, Timeout.InfiniteTimeSpan);
    }

    private void OnStuck(TimeSpan after)
    {
        lock (_gate)
        {
            if (!_disposed)
                Report(StuckLine, _time.GetUtcNow(), $"no change for {after.TotalHours:0} h: the contact may be bridged, stuck or disconnected",
                    $"{after.TotalHours:0} 小时无变化：门磁可能被短接、卡住或断开");
        }
    }

    private void Report(string reason, DateTimeOffset at, string detail, string detailZh)
    {
        var eventId = _door.Report(EventTypes.DoorTamper, at, new Dictionary<string, string> { ["reason"] = reason, ["detail"] = detail, ["detailZh"] = detailZh });
        _logger.LogWarning("Door {DoorId} tamper or line fault ({Reason}: {Detail}): event {EventId}", _door.Id, reason, detail, eventId);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _stuckTimer?.Dispose();
        }
    }
}
