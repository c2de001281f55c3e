using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EdgeSecurity.Hub.Tests.Infrastructure;

namespace EdgeSecurity.Hub.Tests.Enrolment;

public sealed class BrokerProvisioningFailureTests
{
    [Fact]
    public async Task A_broker_that_cannot_be_provisioned_leaves_the_code_valid()
    {
        using var files = new TempDirectory("enrolment-broken");
        await using var broker = await MosquittoBroker.StartAsync();
        // A pid file naming no process: the files are written, but the broker cannot be told to reload them.
        await File.WriteAllTextAsync(files.Combine("mosquitto.pid"), "2147483646\n");
        await using var hub = await HubHost.StartAsync(broker.Port, files.Combine("hub.db"), null,
            $"--Hub:Broker:PasswordFile={files.Combine("passwords")}", $"--Hub:Broker:PidFile={files.Combine("mosquitto.pid")}");
        using var issue = await hub.Http.PostAsJsonAsync(new Uri("/api/enrolment/codes", UriKind.Relative), new { gatewayId = DemoSite.Gateway });
        var issued = (await issue.Content.ReadFromJsonAsync<JsonObject>())!;
        using var anonymous = new HttpClient { BaseAddress = hub.BaseAddress };

        using var response = await anonymous.PostAsJsonAsync(new Uri("/api/enrolment/redeem", UriKind.Relative), new { code = (string)issued["code"]! });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("broker_unavailable", (string?)body["error"]);
        Assert.Contains("the code is still valid", (string?)body["message"], StringComparison.Ordinal);
        var listed = await hub.GetArrayAsync($"/api/enrolment/codes?gateway={DemoSite.Gateway}");
        Assert.Equal("pending", (string?)listed.Single(c => (string?)c!["id"] == (string?)issued["id"])!["status"]);
    }
}
