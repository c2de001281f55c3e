using System.Net;
using System.Net.Http.Json;
using EdgeSecurity.Hub.Tests.Infrastructure;

namespace EdgeSecurity.Hub.Tests.Enrolment;

public sealed class RedemptionRateLimitTests
{
    [Fact]
    public async Task Guessing_codes_from_one_address_is_cut_off()
    {
        using var files = new TempDirectory("enrolment-rate");
        await using var broker = await MosquittoBroker.StartAsync();
        await using var hub = await HubHost.StartAsync(broker.Port, files.Combine("hub.db"), null, "--Hub:Enrolment:RedemptionsPerMinute=3");
        using var anonymous = new HttpClient { BaseAddress = hub.BaseAddress };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await anonymous.PostAsJsonAsync(new Uri("/api/enrolment/redeem", UriKind.Relative), new { code = "ABCD-EFGH-JKMN-PQRS" });
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
    }
}
