using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace EdgeSecurity.Testing;

/// <summary>
/// The demo site the hub imports in ./run.sh and in tests (hub/DemoSite/site.yaml): its places, gateways and people,
/// and signed-in HTTP clients for its accounts.
/// </summary>
public static class DemoSite
{
    public const string Password = "EdgeSec-demo!";
    public const string Community = "cm-demo";
    public const string Gateway = "gw-demo-01";
    public const string Grid = "grid-01";
    public const string OtherCommunity = "cm-cuiyuan";
    public const string OtherGateway = "gw-cuiyuan-01";

    public static string File => Path.Combine(RepositoryLayout.Root, "hub", "DemoSite", "site.yaml");

    /// <summary>The hub's command-line setting that imports the demo site at start.</summary>
    public static string HubArgument => $"--Hub:Site:File={File}";

    /// <summary>
    /// An HttpClient signed in as <paramref name="login"/>: it keeps the session cookie and sends the CSRF token with
    /// every request, as the dashboard does.
    /// </summary>
    public static async Task<HttpClient> SignInAsync(Uri baseAddress, string login = "admin", string password = Password)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress };
        try
        {
            using var response = await http.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { login, password }).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"Signing in as {login} failed: {(int)response.StatusCode} {body}");
            http.DefaultRequestHeaders.Add("X-CSRF-TOKEN", (string)JsonNode.Parse(body)!["csrfToken"]!);
            return http;
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }
}
