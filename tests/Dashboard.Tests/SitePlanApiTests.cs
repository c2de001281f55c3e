using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EdgeSecurity.Contract;
using EdgeSecurity.Dashboard.Tests.Infrastructure;
using EdgeSecurity.Hub.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSecurity.Dashboard.Tests;

/// <summary>A hub on SQLite or on a real PostgreSQL, with admin, wangmin (阳光花园), police-wu (another jurisdiction) and the installer signed in.</summary>
public abstract class SitePlanFixture : IAsyncLifetime
{
    private PostgresServer? _postgres;

    public DashboardHub Hub { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public HttpClient Operator { get; private set; } = null!;

    public HttpClient OtherPolice { get; private set; } = null!;

    public HttpClient Installer { get; private set; } = null!;

    protected abstract bool OnPostgres { get; }

    public async Task InitializeAsync()
    {
        if (OnPostgres)
            _postgres = await PostgresServer.StartAsync();
        Hub = await DashboardHub.StartAsync(_postgres is null ? [] : await _postgres.HubSettingsAsync());
        Admin = await DemoSite.SignInAsync(Hub.BaseAddress);
        Operator = await DemoSite.SignInAsync(Hub.BaseAddress, "wangmin");
        OtherPolice = await DemoSite.SignInAsync(Hub.BaseAddress, "police-wu");
        Installer = await DemoSite.SignInAsync(Hub.BaseAddress, "installer-zhou");
    }

    /// <summary>The access audit's entries of one action, oldest first, as "login outcome subject".</summary>
    public async Task<List<string>> AuditAsync(string action)
    {
        var database = Hub.Services.GetRequiredService<HubDatabase>();
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = connection.Command(null, "SELECT login, outcome, subject FROM access_audit WHERE action = @action ORDER BY seq;");
        command.Bind("@action", action);
        await using var r = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await r.ReadAsync())
            rows.Add($"{r.GetString(0)} {r.GetString(1)} {r.GetNullableString(2)}");
        return rows;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in new[] { Admin, Operator, OtherPolice, Installer })
            client?.Dispose();
        if (Hub is not null)
            await Hub.DisposeAsync();
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }
}

public sealed class SqliteSitePlanFixture : SitePlanFixture
{
    protected override bool OnPostgres => false;
}

public sealed class PostgresSitePlanFixture : SitePlanFixture
{
    protected override bool OnPostgres => true;
}

public sealed class SqliteSitePlanApiTests(SqliteSitePlanFixture fixture) : SitePlanApiTests(fixture), IClassFixture<SqliteSitePlanFixture>;

public sealed class PostgresSitePlanApiTests(PostgresSitePlanFixture fixture) : SitePlanApiTests(fixture), IClassFixture<PostgresSitePlanFixture>;

/// <summary>Uploaded site plans, their markers and the live device states of the site view, through the API.</summary>
public abstract class SitePlanApiTests(SitePlanFixture fixture)
{
    private const string Plan = $"/api/places/{DemoSite.Community}/plan";

    [Fact]
    public async Task An_admin_uploads_a_png_which_the_community_s_people_get_back_as_it_was_and_others_do_not()
    {
        var png = PlanPictures.Png(640, 400);
        using var uploaded = await PutAsync(fixture.Admin, Plan, png, "image/png");
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        var info = (await uploaded.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("image/png", 640, 400, "admin"), ((string?)info["contentType"], (int)info["width"]!, (int)info["height"]!, (string?)info["uploadedBy"]));

        foreach (var reader in new[] { fixture.Operator, fixture.Installer, fixture.Admin })
        {
            using var served = await reader.GetAsync(Plan);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal(png, await served.Content.ReadAsByteArrayAsync());
        }
        using (var hidden = await fixture.OtherPolice.GetAsync(Plan))
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        var layout = (await fixture.Operator.GetFromJsonAsync<JsonObject>($"/api/site/layout?community={DemoSite.Community}"))!;
        Assert.Equal(640, (int)layout["plan"]!["width"]!);
        Assert.Contains(await fixture.AuditAsync("site_plan_upload"), e => e.StartsWith($"admin uploaded {DemoSite.Community} image/png 640x400 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_jpeg_is_taken_with_the_size_its_frame_header_gives()
    {
        var jpeg = await File.ReadAllBytesAsync(PlanPictures.Jpeg);
        using var uploaded = await PutAsync(fixture.Admin, Plan, jpeg, "image/jpeg");
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        var info = (await uploaded.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("image/jpeg", 768, 576), ((string?)info["contentType"], (int)info["width"]!, (int)info["height"]!));
        using var served = await fixture.Operator.GetAsync(Plan);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(jpeg, await served.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Svg_garbage_cut_off_oversized_and_unusable_pictures_are_refused_with_the_reason_and_the_plan_stays()
    {
        var png = PlanPictures.Png(300, 200);
        (await PutAsync(fixture.Admin, Plan, png, "image/png")).Dispose();
        var jpeg = await File.ReadAllBytesAsync(PlanPictures.Jpeg);

        (byte[] Body, string Type, HttpStatusCode Status, string Error)[] refused =
        [
            (PlanPictures.Svg, "image/svg+xml", HttpStatusCode.UnsupportedMediaType, "svg_refused"),
            (PlanPictures.Svg, "image/png", HttpStatusCode.UnsupportedMediaType, "svg_refused"),
            ("not a picture at all"u8.ToArray(), "image/png", HttpStatusCode.UnsupportedMediaType, "unsupported_image"),
            ([], "image/png", HttpStatusCode.UnsupportedMediaType, "unsupported_image"),
            (png[..^20], "image/png", HttpStatusCode.UnsupportedMediaType, "unsupported_image"),
            (jpeg[..200], "image/jpeg", HttpStatusCode.UnsupportedMediaType, "unsupported_image"),
            (PlanPictures.PngClaiming(0, 100), "image/png", HttpStatusCode.BadRequest, "invalid_dimensions"),
            (PlanPictures.PngClaiming(9000, 100), "image/png", HttpStatusCode.BadRequest, "invalid_dimensions"),
            (PlanPictures.PngClaiming(8000, 8000), "image/png", HttpStatusCode.BadRequest, "invalid_dimensions"),
            ([.. png, .. new byte[5 * 1024 * 1024]], "image/png", HttpStatusCode.RequestEntityTooLarge, "too_large"),
        ];
        foreach (var (body, type, status, error) in refused)
        {
            using var response = await PutAsync(fixture.Admin, Plan, body, type);
            var answer = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.True(status == response.StatusCode && error == (string?)answer!["error"], $"{type} of {body.Length} bytes: {(int)response.StatusCode} {answer}");
            Assert.False(string.IsNullOrWhiteSpace((string?)answer["message"]));
        }
        using (var operatorTry = await PutAsync(fixture.Operator, Plan, png, "image/png"))
            Assert.Equal(HttpStatusCode.Forbidden, operatorTry.StatusCode);
        using (var grid = await PutAsync(fixture.Admin, $"/api/places/{DemoSite.Grid}/plan", png, "image/png"))
            Assert.Equal(HttpStatusCode.NotFound, grid.StatusCode);
        using (var forged = new HttpRequestMessage(HttpMethod.Put, Plan) { Content = new ByteArrayContent(png) })
        {
            forged.Headers.Add("X-CSRF-TOKEN", "forged");
            using var response = await fixture.Admin.SendAsync(forged);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Equal(png, await fixture.Operator.GetByteArrayAsync(Plan));
        var audit = await fixture.AuditAsync("site_plan_upload");
        Assert.Contains($"admin svg_refused {DemoSite.Community}", audit);
        Assert.Contains($"admin too_large {DemoSite.Community}", audit);
    }

    [Fact]
    public async Task Markers_are_stored_as_fractions_of_the_plan_checked_one_by_one_and_replaced_as_a_whole()
    {
        (await PutAsync(fixture.Admin, Plan, PlanPictures.Png(200, 100), "image/png")).Dispose();
        var markers = new JsonArray(
            new JsonObject { ["gatewayId"] = DemoSite.Gateway, ["deviceId"] = "door-b3-u2", ["x"] = 0.25, ["y"] = 0.5 },
            new JsonObject { ["building"] = "3", ["x"] = 0, ["y"] = 1 });
        using (var saved = await fixture.Admin.PutAsJsonAsync($"{Plan}/markers", new JsonObject { ["markers"] = markers }))
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var bad = new (string Why, JsonNode? Body)[]
        {
            ("x above 1", Body(new JsonObject { ["gatewayId"] = DemoSite.Gateway, ["deviceId"] = "d1", ["x"] = 1.5, ["y"] = 0.5 })),
            ("y below 0", Body(new JsonObject { ["building"] = "5", ["x"] = 0.5, ["y"] = -0.1 })),
            ("gateway of another community", Body(new JsonObject { ["gatewayId"] = DemoSite.OtherGateway, ["deviceId"] = "d1", ["x"] = 0.5, ["y"] = 0.5 })),
            ("device id outside the contract", Body(new JsonObject { ["gatewayId"] = DemoSite.Gateway, ["deviceId"] = "门 1", ["x"] = 0.5, ["y"] = 0.5 })),
            ("neither device nor building", Body(new JsonObject { ["x"] = 0.5, ["y"] = 0.5 })),
            ("building and device", Body(new JsonObject { ["building"] = "3", ["gatewayId"] = DemoSite.Gateway, ["deviceId"] = "d1", ["x"] = 0.5, ["y"] = 0.5 })),
            ("placed twice", Body(new JsonObject { ["building"] = "3", ["x"] = 0.1, ["y"] = 0.1 }, new JsonObject { ["building"] = "3", ["x"] = 0.2, ["y"] = 0.2 })),
            ("no markers", new JsonObject()),
        };
        foreach (var (why, body) in bad)
        {
            using var response = await fixture.Admin.PutAsJsonAsync($"{Plan}/markers", body);
            var answer = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest && (string?)answer!["error"] == "invalid_markers", $"{why}: {(int)response.StatusCode} {answer}");
        }
        using (var operatorTry = await fixture.Operator.PutAsJsonAsync($"{Plan}/markers", new JsonObject { ["markers"] = new JsonArray() }))
            Assert.Equal(HttpStatusCode.Forbidden, operatorTry.StatusCode);
        using (var noPlan = await fixture.Admin.PutAsJsonAsync($"/api/places/{DemoSite.OtherCommunity}/plan/markers", new JsonObject { ["markers"] = new JsonArray() }))
            Assert.Equal((HttpStatusCode.Conflict, "no_plan"), (noPlan.StatusCode, (string?)(await noPlan.Content.ReadFromJsonAsync<JsonObject>())!["error"]));

        var stored = (await fixture.Operator.GetFromJsonAsync<JsonObject>($"/api/site/layout?community={DemoSite.Community}"))!["markers"]!.AsArray();
        Assert.Equal(["building:3@0,1", $"device:{DemoSite.Gateway}/door-b3-u2@0.25,0.5"],
            stored.Select(m => $"{((string?)m!["building"] is { } b ? $"building:{b}" : $"device:{m["gatewayId"]}/{m["deviceId"]}")}@{(double)m["x"]!},{(double)m["y"]!}").Order(StringComparer.Ordinal));
        using (var hidden = await fixture.OtherPolice.GetAsync($"{Plan}/markers"))
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);

        using (var replaced = await fixture.Admin.PutAsJsonAsync($"{Plan}/markers", Body(new JsonObject { ["building"] = "7", ["x"] = 0.9, ["y"] = 0.1 })))
            Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var now = (await fixture.Installer.GetFromJsonAsync<JsonObject>($"{Plan}/markers"))!["markers"]!.AsArray();
        Assert.Equal("7", (string?)Assert.Single(now)!["building"]);
        Assert.Contains($"admin saved {DemoSite.Community} 1 markers", await fixture.AuditAsync("site_plan_markers"));
    }

    [Fact]
    public async Task Device_states_and_gateway_status_are_listed_per_community_and_streamed_as_they_are_stored()
    {
        var device = $"door-{Guid.NewGuid():N}"[..13];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var stream = await ServerSentEventsSubscription.OpenAsync(fixture.Operator, $"/api/devices/stream?community={DemoSite.Community}");
        await fixture.Hub.PublishDeviceAsync(DemoSite.Community, DemoSite.Gateway, device, "open");
        var opened = await stream.NextAsync(e => e.Type == "device.state" && e.Data.Contains(device, StringComparison.Ordinal), timeout.Token);
        Assert.Equal("open", (string?)JsonNode.Parse(opened.Data)!["state"]);
        await fixture.Hub.PublishStatusAsync(DemoSite.Gateway, DemoSite.Community, GatewayState.Offline);
        var offline = await stream.NextAsync(e => e.Type == "gateway.status", timeout.Token);
        Assert.Equal((DemoSite.Gateway, "offline"), ((string?)JsonNode.Parse(offline.Data)!["gatewayId"], (string?)JsonNode.Parse(offline.Data)!["state"]));

        var states = (await fixture.Operator.GetFromJsonAsync<JsonObject>($"/api/devices/states?community={DemoSite.Community}"))!;
        Assert.Contains(states["devices"]!.AsArray(), d => (string?)d!["deviceId"] == device && (string?)d["state"] == "open");
        Assert.Contains(states["gateways"]!.AsArray(), g => (string?)g!["gatewayId"] == DemoSite.Gateway && (string?)g["state"] == "offline");
        using (var hidden = await fixture.OtherPolice.GetAsync($"/api/devices/states?community={DemoSite.Community}"))
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        using (var hiddenStream = await fixture.OtherPolice.GetAsync($"/api/devices/stream?community={DemoSite.Community}", HttpCompletionOption.ResponseHeadersRead))
            Assert.Equal(HttpStatusCode.NotFound, hiddenStream.StatusCode);
        await fixture.Hub.PublishStatusAsync(DemoSite.Gateway, DemoSite.Community, GatewayState.Online);
    }

    [Fact]
    public async Task A_state_older_than_the_stored_one_is_neither_stored_nor_streamed()
    {
        var device = $"door-{Guid.NewGuid():N}"[..13];
        var now = DateTimeOffset.UtcNow;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var stream = await ServerSentEventsSubscription.OpenAsync(fixture.Operator, $"/api/devices/stream?community={DemoSite.Community}");
        await fixture.Hub.PublishStateAsync(DemoSite.Community, DemoSite.Gateway, device, "open", now);
        await fixture.Hub.PublishStateAsync(DemoSite.Community, DemoSite.Gateway, device, "closed", now.AddMinutes(-1));
        await fixture.Hub.PublishStateAsync(DemoSite.Community, DemoSite.Gateway, device, "alarm", now.AddSeconds(1));
        var streamed = new List<string>();
        while (streamed.Count < 2)
            streamed.Add((string)JsonNode.Parse((await stream.NextAsync(e => e.Type == "device.state" && e.Data.Contains(device, StringComparison.Ordinal), timeout.Token)).Data)!["state"]!);
        Assert.Equal(["open", "alarm"], streamed);
        var states = (await fixture.Operator.GetFromJsonAsync<JsonObject>($"/api/devices/states?community={DemoSite.Community}"))!;
        Assert.Equal("alarm", (string?)states["devices"]!.AsArray().Single(d => (string?)d!["deviceId"] == device)!["state"]);
    }

    private static JsonObject Body(params JsonNode[] markers) => new() { ["markers"] = new JsonArray(markers) };

    private static Task<HttpResponseMessage> PutAsync(HttpClient http, string path, byte[] body, string type)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        return http.PutAsync(path, content);
    }
}
