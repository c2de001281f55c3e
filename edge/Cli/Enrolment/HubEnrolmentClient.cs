using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeSecurity.Cli.Enrolment;

public enum RedeemFailure { None, Unreachable, NotAHub, UnknownCode, MalformedCode, Used, Expired, Revoked, TooManyAttempts, BrokerUnavailable }

public sealed record EnrolledPlace(string Id, string Name, IReadOnlyList<string> Path);

/// <param name="CaCertificate">PEM of the CA the broker's TLS certificate chains to; null when the broker speaks plain MQTT.</param>
public sealed record EnrolledBroker(string Host, int Port, string Username, string Password, string? CaCertificate);

/// <summary>The hub's answer to a redeemed code (hub/Hub/README.md, "Enrolment").</summary>
public sealed record EnrolledGateway(string GatewayId, string Community, EnrolledPlace Place, EnrolledBroker Broker);

public sealed record RedeemResult(EnrolledGateway? Gateway, RedeemFailure Failure, string? Detail);

/// <summary>Redeems a code at the hub, telling a refused code from a wrong address or something that is not a hub.</summary>
public static class HubEnrolmentClient
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<RedeemResult> RedeemAsync(Uri hub, string code, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = Timeout };
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(new Uri(hub, "api/enrolment/redeem"), new { code }, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return new(null, RedeemFailure.Unreachable, e.InnerException?.Message ?? e.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(null, RedeemFailure.Unreachable, $"no answer within {Timeout.TotalSeconds:0} s");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                return new(null, RedeemFailure.TooManyAttempts, null);
            try
            {
                if (response.IsSuccessStatusCode && JsonSerializer.Deserialize<EnrolledGateway>(body, Json) is { GatewayId: not null, Community: not null, Broker.Username: not null, Broker.Password: not null } gateway)
                    return new(gateway, RedeemFailure.None, null);
                if (!response.IsSuccessStatusCode && JsonSerializer.Deserialize<HubError>(body, Json) is { Error: { } error } refusal)
                {
                    var failure = error switch
                    {
                        "unknown_code" => RedeemFailure.UnknownCode,
                        "malformed_code" => RedeemFailure.MalformedCode,
                        "code_used" => RedeemFailure.Used,
                        "code_expired" => RedeemFailure.Expired,
                        "code_revoked" => RedeemFailure.Revoked,
                        "broker_unavailable" => RedeemFailure.BrokerUnavailable,
                        _ => RedeemFailure.NotAHub,
                    };
                    return new(null, failure, refusal.Message);
                }
            }
            catch (JsonException)
            {
                // An HTML page or anything else that is not the hub's JSON: the address is wrong.
            }
            return new(null, RedeemFailure.NotAHub, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }
    }

    private sealed record HubError([property: JsonPropertyName("error")] string? Error, [property: JsonPropertyName("message")] string? Message);
}
