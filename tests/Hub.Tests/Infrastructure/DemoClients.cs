using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace EdgeSecurity.Hub.Tests.Infrastructure;

/// <summary>Signed-in clients of the demo site's people against one hub, each made once (a sign-in costs a PBKDF2 hash).</summary>
public sealed class DemoClients(Uri hub) : IDisposable
{
    private readonly Dictionary<string, HttpClient> _clients = [];
    private readonly SemaphoreSlim _lock = new(1, 1);

    public async Task<HttpClient> AsAsync(string login)
    {
        await _lock.WaitAsync();
        try
        {
            if (!_clients.TryGetValue(login, out var client))
                _clients[login] = client = await DemoSite.SignInAsync(hub, login);
            return client;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>POSTs an action; returns the status and the body (the incident, or a problem with the reason).</summary>
    public async Task<(HttpStatusCode Status, JsonObject Body)> ActAsync(string login, Guid incident, string action, string? note = null, string? assignee = null)
    {
        var http = await AsAsync(login);
        using var response = await http.PostAsJsonAsync(new Uri($"/api/incidents/{incident}/actions", UriKind.Relative), new { action, note, assignee });
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(string login, string path)
    {
        var http = await AsAsync(login);
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public async Task<HttpStatusCode> StatusOfAsync(string login, string path)
    {
        var http = await AsAsync(login);
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
            client.Dispose();
        _lock.Dispose();
    }
}
