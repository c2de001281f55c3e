using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EdgeSecurity.Hub.Storage;
using EdgeSecurity.Hub.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSecurity.Hub.Tests.Privacy;

/// <summary>
/// People's names and phone numbers and notification targets are encrypted in the database; an admin exports one
/// person's data and erases it, both audited; the audit trail keeps the login.
/// </summary>
public abstract class PersonalDataTests(HubFixture fixture)
{
    [Fact]
    public async Task Names_phones_and_notification_targets_are_stored_encrypted_and_read_back_in_clear()
    {
        var (login, name, phone) = await ImportPersonAsync();
        await SubscribeBySmsAsync(login);

        var stored = await RowAsync($"SELECT name, phone FROM people WHERE login = '{login}';");
        Assert.All(stored, v => Assert.StartsWith("enc:v1:", v, StringComparison.Ordinal));
        Assert.DoesNotContain(stored, v => v.Contains(phone, StringComparison.Ordinal) || v.Contains(name, StringComparison.Ordinal));
        var target = await RowAsync($"SELECT target FROM notification_subscriptions WHERE login = '{login}';");
        Assert.StartsWith("enc:v1:", Assert.Single(target), StringComparison.Ordinal);

        var people = await fixture.Hub.GetArrayAsync("/api/people");
        var person = people.Single(p => (string?)p!["login"] == login)!;
        Assert.Equal(name, (string?)person["name"]);
        Assert.Equal(phone, (string?)person["phone"]);
        var subscriptions = await fixture.Hub.GetArrayAsync("/api/notifications/subscriptions");
        Assert.Equal(phone, (string?)subscriptions.Single(s => (string?)s!["login"] == login)!["target"]);
    }

    [Fact]
    public async Task An_export_holds_the_profile_subscriptions_and_audit_entries_and_is_itself_audited()
    {
        var (login, name, phone) = await ImportPersonAsync();
        await SubscribeBySmsAsync(login);
        // The sign-in is the access audit entry the export must name.
        (await DemoSite.SignInAsync(fixture.Hub.BaseAddress, login)).Dispose();

        var export = await fixture.Hub.GetObjectAsync($"/api/privacy/people/{login}/export");

        Assert.Equal(login, (string?)export["login"]);
        Assert.Equal(name, (string?)export["profile"]!["name"]);
        Assert.Equal(phone, (string?)export["profile"]!["phone"]);
        Assert.Equal([DemoSite.Community], export["profile"]!["scopes"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(phone, (string?)Assert.Single(export["subscriptions"]!.AsArray())!["target"]);
        Assert.Contains(export["accessAudit"]!.AsArray(), a => (string?)a!["login"] == login && (string?)a["action"] == "login");
        Assert.Empty(export["careListEntries"]!.AsArray());
        Assert.Contains($"admin privacy_export exported {login}", await AccessAuditAsync(login));
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Hub.Http.GetAsync(new Uri("/api/privacy/people/nobody-here/export", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, await fixture.People.StatusOfAsync("wangmin", $"/api/privacy/people/{login}/export"));
    }

    [Fact]
    public async Task Erasing_a_person_removes_their_data_and_sessions_keeps_the_audit_trail_and_a_reimport_does_not_bring_them_back()
    {
        var (login, _, phone) = await ImportPersonAsync();
        await SubscribeBySmsAsync(login);
        using var session = await DemoSite.SignInAsync(fixture.Hub.BaseAddress, login);

        using (var erase = await fixture.Hub.Http.DeleteAsync(new Uri($"/api/privacy/people/{login}", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.NoContent, erase.StatusCode);

        Assert.Empty(await RowAsync($"SELECT login FROM people WHERE login = '{login}';"));
        Assert.Empty(await RowAsync($"SELECT login FROM notification_subscriptions WHERE login = '{login}';"));
        Assert.Empty(await RowAsync($"SELECT login FROM person_scopes WHERE login = '{login}';"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync(new Uri("/api/auth/me", UriKind.Relative))).StatusCode);
        var export = await fixture.Hub.GetObjectAsync($"/api/privacy/people/{login}/export");
        Assert.Null(export["profile"]);
        Assert.Equal("admin", (string?)export["erased"]!["erasedBy"]);
        Assert.Empty(export["subscriptions"]!.AsArray());
        Assert.Contains(export["accessAudit"]!.AsArray(), a => (string?)a!["login"] == login && (string?)a["action"] == "login");
        Assert.DoesNotContain(phone, export.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains($"admin privacy_erase erased {login}", await AccessAuditAsync(login));

        await ImportPersonAsync(login);
        Assert.DoesNotContain(await fixture.Hub.GetArrayAsync("/api/people"), p => (string?)p!["login"] == login);
        using (var again = await fixture.Hub.Http.DeleteAsync(new Uri($"/api/privacy/people/{login}", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        using (var self = await fixture.Hub.Http.DeleteAsync(new Uri("/api/privacy/people/admin", UriKind.Relative)))
            Assert.Equal(HttpStatusCode.Conflict, self.StatusCode);
    }

    private async Task<(string Login, string Name, string Phone)> ImportPersonAsync(string? login = null)
    {
        login ??= $"p-{Guid.NewGuid():N}"[..14];
        var name = $"测试居民{login[2..8]}";
        var phone = $"139{Random.Shared.Next(10_000_000, 99_999_999)}";
        var yaml = $$"""
            people:
              - { login: {{login}}, name: {{name}}, role: guard, phone: "{{phone}}", scopes: [{{DemoSite.Community}}], password: "{{DemoSite.Password}}" }
            """;
        using var response = await fixture.Hub.Http.PostAsync(new Uri("/api/site/import", UriKind.Relative), new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (login, name, phone);
    }

    private async Task SubscribeBySmsAsync(string login)
    {
        using var response = await fixture.Hub.Http.PostAsJsonAsync(new Uri("/api/notifications/subscriptions", UriKind.Relative), new { channel = "sms", login });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private async Task<IReadOnlyList<string>> AccessAuditAsync(string subject) =>
        await RowAsync($"SELECT login || ' ' || action || ' ' || outcome || ' ' || subject FROM access_audit WHERE subject = '{subject}' ORDER BY seq;");

    /// <summary>Every non-null value of every row, as text.</summary>
    private async Task<IReadOnlyList<string>> RowAsync(string sql)
    {
        await using var connection = await fixture.Hub.Services.GetRequiredService<HubDatabase>().OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (!reader.IsDBNull(i))
                    values.Add(reader.GetString(i));
            }
        }
        return values;
    }
}

public sealed class PersonalDataTestsOnSqlite(HubFixture fixture) : PersonalDataTests(fixture), IClassFixture<HubFixture>;

public sealed class PersonalDataTestsOnPostgres(PostgresHubFixture fixture) : PersonalDataTests(fixture), IClassFixture<PostgresHubFixture>;
