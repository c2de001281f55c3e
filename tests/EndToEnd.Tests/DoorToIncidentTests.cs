using System.Text.Json.Nodes;
using EdgeSecurity.Contract;

namespace EdgeSecurity.EndToEnd.Tests;

public sealed class DoorToIncidentTests(LocalSystem system) : IClassFixture<LocalSystem>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_door_forced_open_at_the_gateway_reaches_the_api_and_the_live_stream()
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var stream = await ServerSentEventsSubscription.OpenAsync(system.Http, "/api/incidents/stream", cts.Token);

        Assert.StartsWith("ok", await system.SendControlAsync($"open {LocalSystem.ForcedDoor}"), StringComparison.Ordinal);

        var created = await stream.NextAsync(IsFrom(LocalSystem.ForcedDoor), cts.Token);
        Assert.Equal("incident.created", created.Type);
        var streamed = JsonNode.Parse(created.Data)!;
        Assert.Equal(EventTypes.DoorForcedOpen.Code, (string?)streamed["type"]);
        Assert.Equal(LocalSystem.ForcedDoor, (string?)streamed["deviceId"]);
        Assert.Equal(2, (int?)streamed["level"]);

        var stored = JsonNode.Parse(await system.Http.GetStringAsync(new Uri($"/api/incidents/{streamed["id"]}", UriKind.Relative)))!["incident"]!;
        Assert.Equal(LocalSystem.Gateway, (string?)stored["gatewayId"]);
        Assert.Equal(LocalSystem.Community, (string?)stored["community"]);
        Assert.Equal("1", (string?)stored["place"]!["building"]);
        Assert.Equal("reported", (string?)stored["state"]);

        var listed = JsonNode.Parse(await system.Http.GetStringAsync(new Uri($"/api/incidents?community={LocalSystem.Community}&type={EventTypes.DoorForcedOpen.Code}", UriKind.Relative)))!;
        Assert.Contains(listed["items"]!.AsArray(), i => (string?)i!["id"] == (string?)streamed["id"]);

        await system.SendControlAsync($"close {LocalSystem.ForcedDoor}");
    }

    [Fact]
    public async Task A_door_left_open_past_its_limit_becomes_a_held_open_incident()
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var stream = await ServerSentEventsSubscription.OpenAsync(system.Http, "/api/incidents/stream", cts.Token);

        Assert.StartsWith("ok", await system.SendControlAsync($"open {LocalSystem.HeldDoor}"), StringComparison.Ordinal);

        var incident = JsonNode.Parse((await stream.NextAsync(IsFrom(LocalSystem.HeldDoor), cts.Token)).Data)!;
        Assert.Equal(EventTypes.DoorHeldOpen.Code, (string?)incident["type"]);
        Assert.Equal(1, (int?)incident["level"]);

        await system.SendControlAsync($"close {LocalSystem.HeldDoor}");
    }

    [Fact]
    public async Task A_gateway_that_loses_power_is_marked_offline_through_its_last_will()
    {
        const string gateway = "gw-e2e-02";
        await using var agent = system.StartAgent(gateway);
        await Poll.UntilAsync(() => system.GatewayStateAsync(gateway), state => state == "online", $"{gateway} to be online", Timeout);

        await agent.KillAsync();

        await Poll.UntilAsync(() => system.GatewayStateAsync(gateway), state => state == "offline", $"{gateway} to be offline after its agent was killed", Timeout);
    }

    [Fact]
    public async Task Gateway_heartbeats_become_time_series_in_influxdb()
    {
        var points = await Poll.UntilAsync(() => system.TimeSeriesAsync("gateway", LocalSystem.Gateway), p => p.Count > 0, "a heartbeat in InfluxDB", Timeout);

        Assert.Equal(LocalSystem.Community, (string?)points[0]["community"]);
        Assert.Equal(2, (long?)points[0]["device_count"]);
        Assert.True((long?)points[0]["uptime_seconds"] >= 0);
        Assert.True(points[0].ContainsKey("backlog_events"), "the outbox backlog is charted too");
        var telemetry = JsonNode.Parse(await system.Http.GetStringAsync(new Uri("/health", UriKind.Relative)))!["telemetry"]!;
        Assert.True((long)telemetry["written"]! >= 1);
    }

    [Fact]
    public async Task A_bad_control_command_is_answered_and_the_gateway_keeps_working()
    {
        Assert.StartsWith("error:", await system.SendControlAsync("open no-such-door"), StringComparison.Ordinal);
        Assert.StartsWith("error:", await system.SendControlAsync("explode"), StringComparison.Ordinal);

        Assert.StartsWith("ok", await system.SendControlAsync("status"), StringComparison.Ordinal);
        Assert.Equal("online", await system.GatewayStateAsync(LocalSystem.Gateway));
    }

    private static Func<ServerSentEvent, bool> IsFrom(string deviceId) =>
        e => (string?)JsonNode.Parse(e.Data)?["deviceId"] == deviceId;
}
