using System.Net;
using System.Text.Json.Nodes;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Tests.Infrastructure;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Hub.Tests;

public class GatewayTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Retained_status_moves_a_gateway_online_and_offline_in_the_order_the_broker_delivers_it()
    {
        var community = SampleEvents.NewCommunity();
        var gateway = NewGateway();
        var topic = Topics.Status(community, gateway);
        var before = DateTimeOffset.UtcNow;

        await fixture.Edge.PublishAsync(topic, ContractWriter.ToJson(new GatewayStatus(gateway, GatewayState.Online, T0.AddMinutes(5), "1.2.0")), retain: true);
        var online = await GatewayOnceAsync(gateway, g => (string?)g["state"] == "online");
        Assert.Equal(community, (string?)online["community"]);
        Assert.Equal("1.2.0", (string?)online["agentVersion"]);
        Assert.InRange((DateTimeOffset)online["lastStatusAt"]!, before, DateTimeOffset.UtcNow);
        Assert.Null(online["lastHeartbeatAt"]);

        // A last will: its payload, time included, was fixed when the gateway connected, before it said online.
        await fixture.Edge.PublishAsync(topic, ContractWriter.ToJson(new GatewayStatus(gateway, GatewayState.Offline, T0)), retain: true);
        var offline = await GatewayOnceAsync(gateway, g => (string?)g["state"] == "offline");
        Assert.Equal("1.2.0", (string?)offline["agentVersion"]);
        Assert.True((DateTimeOffset)offline["lastStatusAt"]! >= (DateTimeOffset)online["lastStatusAt"]!);
    }

    [Fact]
    public async Task A_hub_started_later_learns_gateway_states_from_the_retained_status()
    {
        var community = SampleEvents.NewCommunity();
        var gateway = NewGateway();
        await fixture.Edge.PublishAsync(Topics.Status(community, gateway), ContractWriter.ToJson(new GatewayStatus(gateway, GatewayState.Online, T0)), retain: true);
        await GatewayOnceAsync(gateway, g => (string?)g["state"] == "online");

        using var directory = new TempDirectory("hub-tests");
        await using var lateHub = await HubHost.StartAsync(fixture.Broker.Port, directory.Combine("hub.db"));

        var gateways = await Poll.UntilAsync(() => lateHub.GetArrayAsync("/api/gateways"), a => a.Any(g => (string?)g!["gatewayId"] == gateway), "the retained status to reach the new hub");
        Assert.Equal("online", (string?)gateways.Single(g => (string?)g!["gatewayId"] == gateway)!["state"]);
    }

    [Fact]
    public async Task Heartbeats_and_device_states_are_recorded()
    {
        var community = SampleEvents.NewCommunity();
        var gateway = NewGateway();

        await fixture.Edge.PublishAsync(Topics.Heartbeat(community, gateway), ContractWriter.ToJson(new Heartbeat(gateway, T0, 3600, 4)));
        await fixture.Edge.PublishAsync(Topics.State(community, gateway, "door-1"), ContractWriter.ToJson(new DeviceState(gateway, "door-1", "open", T0)), retain: true);
        await fixture.Edge.PublishAsync(Topics.State(community, gateway, "door-1"), ContractWriter.ToJson(new DeviceState(gateway, "door-1", "closed", T0.AddSeconds(30))), retain: true);
        await fixture.Edge.PublishAsync(Topics.State(community, gateway, "smoke-1"), ContractWriter.ToJson(new DeviceState(gateway, "smoke-1", "normal", T0)), retain: true);

        var gw = await GatewayOnceAsync(gateway, g => g["lastHeartbeatAt"] is not null);
        Assert.Equal(T0, (DateTimeOffset)gw["lastHeartbeatAt"]!);
        Assert.Equal(3600, (long)gw["uptimeSeconds"]!);
        Assert.Equal(4, (long)gw["deviceCount"]!);
        Assert.Null(gw["state"]);

        var devices = await Poll.UntilAsync(
            () => fixture.Hub.GetArrayAsync($"/api/gateways/{gateway}/devices"),
            d => d.Count == 2 && (string?)d[0]!["state"] == "closed",
            "both device states");
        Assert.Equal("door-1", (string?)devices[0]!["deviceId"]);
        Assert.Equal(T0.AddSeconds(30), (DateTimeOffset)devices[0]!["at"]!);
        Assert.Equal(["deviceId", "state", "at"], devices[0]!.AsObject().Select(p => p.Key));
        Assert.Equal("smoke-1", (string?)devices[1]!["deviceId"]);
    }

    [Fact]
    public async Task The_outbox_backlog_in_a_heartbeat_is_shown_with_the_gateway_and_cleared_by_a_heartbeat_without_one()
    {
        var community = SampleEvents.NewCommunity();
        var gateway = NewGateway();
        var topic = Topics.Heartbeat(community, gateway);

        await fixture.Edge.PublishAsync(topic, ContractWriter.ToJson(new Heartbeat(gateway, T0, 60, 2, new OutboxBacklog(3, 2, 100, 45, 7))));

        var gw = await GatewayOnceAsync(gateway, g => g["backlog"] is not null);
        Assert.Equal(
            """{"events":3,"states":2,"telemetry":100,"oldestAgeSeconds":45,"thinnedTelemetry":7}""",
            gw["backlog"]!.ToJsonString());

        // An agent downgraded to one without an outbox: its old backlog must not linger.
        await fixture.Edge.PublishAsync(topic, ContractWriter.ToJson(new Heartbeat(gateway, T0.AddSeconds(30), 90, 2)));
        var later = await GatewayOnceAsync(gateway, g => (long)g["uptimeSeconds"]! == 90);
        Assert.Null(later["backlog"]);
    }

    [Fact]
    public async Task Devices_of_an_unknown_gateway_are_not_found()
    {
        Assert.Equal(HttpStatusCode.NotFound, await fixture.Hub.StatusOfAsync($"/api/gateways/{NewGateway()}/devices"));
    }

    private static string NewGateway() => $"gw-{Guid.NewGuid():N}"[..12];

    private async Task<JsonObject> GatewayOnceAsync(string gateway, Func<JsonObject, bool> condition)
    {
        var all = await Poll.UntilAsync(
            () => fixture.Hub.GetArrayAsync("/api/gateways"),
            a => a.Any(g => (string?)g!["gatewayId"] == gateway && condition(g.AsObject())),
            $"gateway {gateway} in the expected state");
        return all.Single(g => (string?)g!["gatewayId"] == gateway)!.AsObject();
    }
}
