using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeSecurity.Hub.Notifications;

/// <summary>The HTTP exchange every adapter shares: POST, then success or the reason in one line.</summary>
internal static class HttpDelivery
{
    public const string ClientName = "notifications";
    private const int MaxReasonLength = 300;

    public static async Task<string?> PostAsync(HttpClient http, Uri url, HttpContent content, Func<JsonNode?, string?>? checkBody, CancellationToken ct)
    {
        try
        {
            using var response = await http.PostAsync(url, content, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                return Shorten($"HTTP {(int)response.StatusCode}: {body}");
            if (checkBody is null)
                return null;
            JsonNode? json;
            try
            {
                json = JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                return Shorten($"the answer is not JSON: {body}");
            }
            return checkBody(json) is { } refusal ? Shorten(refusal) : null;
        }
        catch (HttpRequestException e)
        {
            return Shorten($"no connection: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return "no answer within the request timeout";
        }
    }

    public static JsonContent Json(JsonNode body) => JsonContent.Create(body, options: JsonSerializerOptions.Web);

    /// <summary>WeCom and DingTalk robots answer 200 with {"errcode": 0, "errmsg": "ok"}; anything else is a refusal.</summary>
    public static string? RobotAnswer(JsonNode? body) =>
        body?["errcode"]?.GetValueKind() == JsonValueKind.Number && (int)body["errcode"]! == 0
            ? null
            : $"refused: errcode {body?["errcode"]?.ToJsonString() ?? "missing"}, {body?["errmsg"]?.ToJsonString() ?? ""}";

    private static string Shorten(string reason) => reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength] + "…";
}
