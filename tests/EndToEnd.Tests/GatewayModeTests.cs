using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace EdgeSecurity.EndToEnd.Tests;

/// <summary>An operator switches a real agent's mode through the hub: the command goes over MQTT, the agent answers, both are recorded.</summary>
public sealed class GatewayModeTests(LocalSystem system) : IClassFixture<LocalSystem>
{
    [Fact]
    public async Task The_admin_switches_a_gateway_to_heightened_mode_and_sees_the_agents_answer_and_its_new_mode()
    {
        using var response = await system.Http.PostAsJsonAsync(new Uri($"/api/gateways/{LocalSystem.Gateway}/mode", UriKind.Relative),
            new { mode = "heightened", note = "春节期间加强防范" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var sent = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("sent", (string?)sent["status"]);
        Assert.Equal("admin", (string?)sent["issuedBy"]);

        var answered = await Poll.UntilAsync(
            async () => JsonNode.Parse(await system.Http.GetStringAsync(new Uri($"/api/gateways/{LocalSystem.Gateway}/commands", UriKind.Relative)))!.AsArray(),
            commands => (string?)commands[0]!["status"] != "sent", "the agent to answer the command");
        Assert.Equal("accepted", (string?)answered[0]!["status"]);
        Assert.Equal((string?)sent["commandId"], (string?)answered[0]!["commandId"]);

        await Poll.UntilAsync(
            async () => JsonNode.Parse(await system.Http.GetStringAsync(new Uri("/api/gateways", UriKind.Relative)))!.AsArray()
                .Single(g => (string?)g!["gatewayId"] == LocalSystem.Gateway)!["mode"]?.GetValue<string>(),
            mode => mode == "heightened", "the gateway to report heightened mode");
        Assert.Contains("mode heightened", await system.SendControlAsync("status"), StringComparison.Ordinal);

        using var back = await system.Http.PostAsJsonAsync(new Uri($"/api/gateways/{LocalSystem.Gateway}/mode", UriKind.Relative), new { mode = "normal" });
        Assert.Equal(HttpStatusCode.Accepted, back.StatusCode);
    }

    [Fact]
    public async Task A_bad_mode_an_unknown_gateway_and_someone_without_the_community_are_refused()
    {
        using (var bad = await system.Http.PostAsJsonAsync(new Uri($"/api/gateways/{LocalSystem.Gateway}/mode", UriKind.Relative), new { mode = "panic" }))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using (var unknown = await system.Http.PostAsJsonAsync(new Uri("/api/gateways/gw-nowhere/mode", UriKind.Relative), new { mode = "normal" }))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var operatorOfAnother = await DemoSite.SignInAsync(system.Http.BaseAddress!, "wangmin");
        using var refused = await operatorOfAnother.PostAsJsonAsync(new Uri($"/api/gateways/{LocalSystem.Gateway}/mode", UriKind.Relative), new { mode = "emergency" });
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }
}
