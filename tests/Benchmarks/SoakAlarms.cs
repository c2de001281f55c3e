using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Benchmarks;

/// <summary>
/// One alarm a second from the agent's doors (forced open through its control socket, then closed again), each timed
/// until the hub's live stream carries it; every new incident then goes through an operator's hands (acknowledge,
/// false alarm, review, close) so that the next alarm of that door opens a new one, as in a staffed control room.
/// </summary>
internal sealed class SoakAlarms(string controlSocket, IReadOnlyList<string> doors, HttpClient operatorHttp)
{
    private static readonly string[] OperatorActions = ["acknowledge", "false_alarm", "review", "close"];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, double> _pendingByDoor = [];
    private readonly Dictionary<string, int> _eventCounts = [];
    private readonly Channel<string> _toClose = Channel.CreateUnbounded<string>();
    private LatencySample _streamLatencies = new("alarm → live stream");
    private Dictionary<string, double> _createdSentAt = [];

    public int Sent { get; private set; }

    public int Closed { get; private set; }

    public int OperatorFailures { get; private set; }

    public async Task RunAsync(CancellationToken ct)
    {
        using var stream = await ServerSentEventsSubscription.OpenAsync(operatorHttp, "/api/incidents/stream", ct);
        await Task.WhenAll(SendAlarmsAsync(ct), ReadStreamAsync(stream, ct), CloseIncidentsAsync(ct));
    }

    /// <summary>The alarm → live stream latencies since the last call, and the sending time of each incident created meanwhile.</summary>
    public (LatencySample Stream, Dictionary<string, double> CreatedSentAt) TakeWindow()
    {
        lock (_gate)
        {
            var window = (_streamLatencies, _createdSentAt);
            _streamLatencies = new("alarm → live stream");
            _createdSentAt = [];
            return window;
        }
    }

    /// <summary>Epoch milliseconds, the clock the browser's paint times are on.</summary>
    public static double NowMilliseconds() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalMilliseconds;

    private async Task SendAlarmsAsync(CancellationToken ct)
    {
        using var pace = new PeriodicTimer(TimeSpan.FromSeconds(1));
        await using var control = await ControlClient.ConnectAsync(controlSocket);
        while (await WaitAsync(pace, ct))
        {
            var door = doors[Sent % doors.Count];
            lock (_gate)
                _pendingByDoor[door] = NowMilliseconds();
            await AskAsync(control, $"open {door}");
            await AskAsync(control, $"close {door}");
            Sent++;
        }
    }

    private async Task ReadStreamAsync(ServerSentEventsSubscription stream, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            ServerSentEvent next;
            try
            {
                next = await stream.NextAsync(e => e.Type is "incident.created" or "incident.updated", ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var arrived = NowMilliseconds();
            var incident = JsonNode.Parse(next.Data)!;
            var id = (string)incident["id"]!;
            var count = (int)incident["eventCount"]!;
            var created = next.Type == "incident.created";
            lock (_gate)
            {
                // An update counts as the alarm only when it adds an event: the operator's own actions update it too.
                var isAlarm = created || count > _eventCounts.GetValueOrDefault(id);
                _eventCounts[id] = count;
                if (isAlarm && _pendingByDoor.Remove((string)incident["deviceId"]!, out var sentAt))
                {
                    _streamLatencies.Add(TimeSpan.FromMilliseconds(arrived - sentAt));
                    if (created)
                        _createdSentAt[id] = sentAt;
                }
            }
            if (created)
                _toClose.Writer.TryWrite(id);
        }
    }

    private async Task CloseIncidentsAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var id in _toClose.Reader.ReadAllAsync(ct))
            {
                foreach (var action in OperatorActions)
                {
                    using var response = await operatorHttp.PostAsJsonAsync(new Uri($"/api/incidents/{id}/actions", UriKind.Relative), new { action, note = "soak" }, ct);
                    if (!response.IsSuccessStatusCode)
                        OperatorFailures++;
                }
                lock (_gate)
                    _eventCounts.Remove(id);
                Closed++;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer pace, CancellationToken ct)
    {
        try
        {
            return await pace.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task AskAsync(ControlClient control, string line)
    {
        var answer = await control.AskAsync(line);
        if (!answer.StartsWith("ok", StringComparison.Ordinal))
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"the agent refused '{line}': {answer}"));
    }
}
