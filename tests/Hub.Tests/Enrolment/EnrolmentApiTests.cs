using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EdgeSecurity.Hub.Tests.Infrastructure;

namespace EdgeSecurity.Hub.Tests.Enrolment;

public abstract class EnrolmentApiTests(EnrolmentFixture fixture)
{
    [Fact]
    public async Task A_code_is_redeemed_once_for_the_gateways_identity_and_credentials()
    {
        var issued = await fixture.IssueAsync(DemoSite.Gateway);
        Assert.Equal(DemoSite.Community, (string?)issued["community"]);
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", (string?)issued["code"]);
        var expiresIn = DateTimeOffset.Parse((string)issued["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture) - fixture.Clock.GetUtcNow();
        Assert.Equal(TimeSpan.FromHours(24), expiresIn);

        // Typed loosely, as an installer might: lower case, no dashes.
        var (status, body) = await fixture.RedeemAsync(((string)issued["code"]!).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(DemoSite.Gateway, (string?)body["gatewayId"]);
        Assert.Equal(DemoSite.Community, (string?)body["community"]);
        Assert.Equal(DemoSite.Community, (string?)body["place"]!["id"]);
        Assert.Contains("阳光花园", (string?)body["place"]!["name"], StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", (string?)body["broker"]!["host"]);
        Assert.Equal(fixture.Broker.Port, (int)body["broker"]!["port"]!);
        Assert.Equal(DemoSite.Gateway, (string?)body["broker"]!["username"]);
        var password = (string)body["broker"]!["password"]!;
        Assert.True(password.Length >= 40);

        var again = await fixture.RedeemAsync((string)issued["code"]!);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("code_used", (string?)again.Body["error"]);

        var listed = await fixture.Hub.GetArrayAsync($"/api/enrolment/codes?gateway={DemoSite.Gateway}");
        var entry = listed.Single(c => (string?)c!["id"] == (string?)issued["id"])!;
        Assert.Equal("redeemed", (string?)entry["status"]);
        Assert.Null(entry["code"]);

        // The hub keeps mosquitto's hash of the password, never the password or the code.
        var stored = Assert.Single(await fixture.QueryAsync("SELECT password_hash FROM broker_accounts WHERE gateway_id = 'gw-demo-01'"));
        Assert.StartsWith("$7$101$", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(password, await File.ReadAllTextAsync(fixture.PasswordFile), StringComparison.Ordinal);
        Assert.Contains($"{DemoSite.Gateway}:{stored}", await File.ReadAllTextAsync(fixture.PasswordFile), StringComparison.Ordinal);

        var audit = await fixture.QueryAsync(
            $"SELECT login || ' ' || action || ' ' || outcome FROM access_audit WHERE subject = 'gw-demo-01 {issued["id"]}' ORDER BY seq");
        Assert.Equal(["admin enrolment_code_issue issued", "gateway:gw-demo-01 enrolment_code_redeem redeemed", "gateway:gw-demo-01 enrolment_code_redeem used"], audit);
    }

    [Fact]
    public async Task An_expired_code_is_refused_with_its_reason()
    {
        var issued = await fixture.IssueAsync(DemoSite.OtherGateway, validHours: 1);
        fixture.Clock.Advance(TimeSpan.FromMinutes(61));

        var (status, body) = await fixture.RedeemAsync((string)issued["code"]!);

        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Equal("code_expired", (string?)body["error"]);
        Assert.Contains("ask an admin for a new one", (string?)body["message"], StringComparison.Ordinal);
        var listed = await fixture.Hub.GetArrayAsync($"/api/enrolment/codes?gateway={DemoSite.OtherGateway}");
        Assert.Equal("expired", (string?)listed.Single(c => (string?)c!["id"] == (string?)issued["id"])!["status"]);
    }

    [Fact]
    public async Task A_revoked_code_is_refused_and_a_redeemed_one_cannot_be_revoked()
    {
        var issued = await fixture.IssueAsync(DemoSite.OtherGateway);
        using var revoke = await fixture.Hub.Http.DeleteAsync(new Uri($"/api/enrolment/codes/{issued["id"]}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal("revoked", (string?)(await revoke.Content.ReadFromJsonAsync<JsonObject>())!["status"]);

        var (status, body) = await fixture.RedeemAsync((string)issued["code"]!);
        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Equal("code_revoked", (string?)body["error"]);

        var used = await fixture.IssueAsync(DemoSite.OtherGateway);
        Assert.Equal(HttpStatusCode.OK, (await fixture.RedeemAsync((string)used["code"]!)).Status);
        using var late = await fixture.Hub.Http.DeleteAsync(new Uri($"/api/enrolment/codes/{used["id"]}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        using var unknown = await fixture.Hub.Http.DeleteAsync(new Uri("/api/enrolment/codes/no-such-code", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_gateways_broker_account_is_listed_and_revoked_once_and_enrolling_again_gives_a_new_one()
    {
        var issued = await fixture.IssueAsync(DemoSite.OtherGateway);
        Assert.Equal(HttpStatusCode.OK, (await fixture.RedeemAsync((string)issued["code"]!)).Status);
        var listed = await fixture.Hub.GetArrayAsync("/api/enrolment/accounts");
        var account = listed.Single(a => (string?)a!["gatewayId"] == DemoSite.OtherGateway)!.AsObject();
        Assert.Equal(DemoSite.OtherCommunity, (string?)account["community"]);
        Assert.Null(account["passwordHash"]);

        using var revoke = await fixture.Hub.Http.DeleteAsync(new Uri($"/api/enrolment/accounts/{DemoSite.OtherGateway}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(DemoSite.OtherGateway, (string?)(await revoke.Content.ReadFromJsonAsync<JsonObject>())!["gatewayId"]);
        Assert.DoesNotContain(await fixture.Hub.GetArrayAsync("/api/enrolment/accounts"), a => (string?)a!["gatewayId"] == DemoSite.OtherGateway);
        Assert.DoesNotContain($"{DemoSite.OtherGateway}:", await File.ReadAllTextAsync(fixture.PasswordFile), StringComparison.Ordinal);
        Assert.Contains("admin broker_account_revoke revoked",
            await fixture.QueryAsync($"SELECT login || ' ' || action || ' ' || outcome FROM access_audit WHERE subject = '{DemoSite.OtherGateway}'"));

        using var again = await fixture.Hub.Http.DeleteAsync(new Uri($"/api/enrolment/accounts/{DemoSite.OtherGateway}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("unknown_account", (string?)(await again.Content.ReadFromJsonAsync<JsonObject>())!["error"]);

        var renewed = await fixture.IssueAsync(DemoSite.OtherGateway);
        Assert.Equal(HttpStatusCode.OK, (await fixture.RedeemAsync((string)renewed["code"]!)).Status);
        Assert.Contains($"{DemoSite.OtherGateway}:", await File.ReadAllTextAsync(fixture.PasswordFile), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ABCD-EFGH-JKMN-PQRS", HttpStatusCode.NotFound, "unknown_code")]
    [InlineData("ABCD-EFGH", HttpStatusCode.BadRequest, "malformed_code")]
    [InlineData("ABCD-EFGH-JKMN-PQR!", HttpStatusCode.BadRequest, "malformed_code")]
    [InlineData("", HttpStatusCode.BadRequest, "malformed_code")]
    public async Task A_wrong_code_is_refused_with_its_reason(string code, HttpStatusCode expected, string reason)
    {
        var (status, body) = await fixture.RedeemAsync(code);
        Assert.Equal(expected, status);
        Assert.Equal(reason, (string?)body["error"]);
    }

    [Fact]
    public async Task A_redemption_without_a_body_is_refused_and_the_hub_goes_on()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Hub.BaseAddress };
        using var response = await anonymous.PostAsync(new Uri("/api/enrolment/redeem", UriKind.Relative),
            new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.RedeemAsync((string)(await fixture.IssueAsync(DemoSite.OtherGateway))["code"]!)).Status);
    }

    [Fact]
    public async Task Codes_are_issued_only_for_gateways_of_the_site()
    {
        using var unknown = await fixture.Hub.Http.PostAsJsonAsync(new Uri("/api/enrolment/codes", UriKind.Relative), new { gatewayId = "gw-nowhere" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("unknown_gateway", (string?)(await unknown.Content.ReadFromJsonAsync<JsonObject>())!["error"]);
        using var invalid = await fixture.Hub.Http.PostAsJsonAsync(new Uri("/api/enrolment/codes", UriKind.Relative), new { gatewayId = "gw 1" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        using var tooLong = await fixture.Hub.Http.PostAsJsonAsync(new Uri("/api/enrolment/codes", UriKind.Relative), new { gatewayId = DemoSite.Gateway, validHours = 10_000 });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    [Theory]
    [InlineData("wangmin")]
    [InlineData("installer-zhou")]
    [InlineData("police-chen")]
    public async Task Only_admins_issue_list_and_revoke_codes_and_accounts(string login)
    {
        var http = await fixture.People.AsAsync(login);
        using var issue = await http.PostAsJsonAsync(new Uri("/api/enrolment/codes", UriKind.Relative), new { gatewayId = DemoSite.Gateway });
        Assert.Equal(HttpStatusCode.Forbidden, issue.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, await fixture.People.StatusOfAsync(login, "/api/enrolment/codes"));
        var issued = await fixture.IssueAsync(DemoSite.Gateway);
        using var revoke = await http.DeleteAsync(new Uri($"/api/enrolment/codes/{issued["id"]}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, await fixture.People.StatusOfAsync(login, "/api/enrolment/accounts"));
        using var revokeAccount = await http.DeleteAsync(new Uri($"/api/enrolment/accounts/{DemoSite.Gateway}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, revokeAccount.StatusCode);

        using var anonymous = new HttpClient { BaseAddress = fixture.Hub.BaseAddress };
        using var noSession = await anonymous.GetAsync(new Uri("/api/enrolment/codes", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, noSession.StatusCode);
    }
}

public sealed class EnrolmentApiTestsOnSqlite(EnrolmentFixture fixture) : EnrolmentApiTests(fixture), IClassFixture<EnrolmentFixture>;

public sealed class EnrolmentApiTestsOnPostgres(PostgresEnrolmentFixture fixture) : EnrolmentApiTests(fixture), IClassFixture<PostgresEnrolmentFixture>;
