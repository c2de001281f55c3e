using System.Text;
using EdgeSecurity.Hub.Forwarding;
using EdgeSecurity.Upstream.Viid;

namespace EdgeSecurity.Fuzz.Tests;

/// <summary>
/// GA/T 1400 parsing: the bodies of the hub's /VIID/Subscribes requests, read as its endpoints read them, and the
/// 视图库's answers to the uplink. Each is read or refused with a reason, never an exception.
/// </summary>
public sealed class ViidFuzzTests
{
    private static readonly TimeSpan SuiteBudget = TimeSpan.FromSeconds(1);
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 15, 0, 0, TimeSpan.Zero);

    private static readonly ViidSettings Settings = new(
        new ViidClientOptions { BaseUri = new("http://viid.example:8080/"), DeviceId = "31010000005030000001", Username = "fuzz", Password = "fuzz" },
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10),
        [new ViidCamera("31010000001190000001", "gw-1", "东门", "IPC", "10.0.0.2", 80, 121.47, 31.23)]);

    private const string SubscribeList = """
        {"SubscribeListObject":{"SubscribeObject":[
          {"SubscribeID":"310100000050300000012026112200001","Title":"人员","SubscribeDetail":"11,13","ResourceURI":"31010000001190000001",
           "ApplicantName":"张三","ApplicantOrg":"分局","BeginTime":"20261122000000","EndTime":"20261231000000",
           "ReceiveAddr":"http://viid.example:8080/VIID/SubscribeNotifications","ReportInterval":5,"Reason":"治安","OperateType":0,"SubscribeStatus":0},
          {"SubscribeID":"310100000050300000012026112200002","Title":"取消","SubscribeDetail":"14","ResourceURI":"",
           "ApplicantName":"李四","ApplicantOrg":"派出所","BeginTime":"20261122000000","EndTime":"20261123000000",
           "ReceiveAddr":"https://viid.example/n","Reason":"撤销","OperateType":1}]}}
        """;

    private const string StatusList = """
        {"ResponseStatusListObject":{"ResponseStatusObject":[
          {"Id":"31010000001190000001","RequestURL":"/VIID/SubscribeNotifications","StatusCode":0,"StatusString":"OK","LocalTime":"20261122150000"},
          {"Id":"31010000001190000002","RequestURL":"/VIID/SubscribeNotifications","StatusCode":"4","StatusString":"Invalid Operation","LocalTime":"20261122150000"}]}}
        """;

    [Fact]
    public void Subscription_requests_are_read_or_refused_with_a_reason()
    {
        Assert.Equal("accepted", SubscribeVerdicts(Encoding.UTF8.GetBytes(SubscribeList)).First());

        var report = Fuzzer.Run("viid-subscribes", FuzzSettings.ForSuite(SuiteBudget), random => Generate(random, SubscribeList), b => b, body =>
        {
            var verdicts = SubscribeVerdicts(body).ToList();
            return verdicts.Contains("accepted") ? FuzzVerdict.Accepted : FuzzVerdict.Rejected(verdicts[0].Split(':')[0], verdicts[0]);
        });

        Assert.True(report.IsClean, report.ToString());
        Assert.True(report.Accepted > 0, report.Summary());
    }

    /// <summary>Found by fuzzing (seed 20261122): a null in the list threw NullReferenceException in the hub's endpoint (HTTP 500).</summary>
    [Fact]
    public void A_null_subscription_in_the_list_is_a_format_error()
    {
        var verdict = Assert.Single(SubscribeVerdicts("{\"SubscribeListObject\":{\"SubscribeObject\":[null]}}"u8.ToArray()));
        Assert.StartsWith("format", verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Platform_answers_are_read_or_refused_with_a_reason()
    {
        Assert.Equal(2, ViidResponse.TryParse(StatusList, out _)!.Count);

        var report = Fuzzer.Run("viid-response", FuzzSettings.ForSuite(SuiteBudget), random => Generate(random, StatusList), b => b, body =>
        {
            var statuses = ViidResponse.TryParse(Encoding.UTF8.GetString(body), out var error);
            return statuses is null ? FuzzVerdict.Rejected("unreadable", error) : FuzzVerdict.Accepted;
        });

        Assert.True(report.IsClean, report.ToString());
        Assert.True(report.Accepted > 0, report.Summary());
    }

    /// <summary>Found by fuzzing (seed 20261122, 60 s): a key with a lone surrogate escape threw InvalidOperationException from TryGetProperty.</summary>
    [Fact]
    public void A_key_with_a_lone_surrogate_escape_is_unreadable_not_a_crash()
    {
        const string Key = "\"\\u000F\\uA3E0 \\uDAECC\\uDDA9\"";
        const string Body = "{\"ResponseStatusListObject\":{}," + Key + ":0.1e-999}";

        Assert.Null(ViidResponse.TryParse(Body, out var error));
        Assert.False(string.IsNullOrEmpty(error));
        var subscriptions = SubscribeList.TrimEnd()[..^1] + "," + Key + ":0}";
        Assert.StartsWith("format", SubscribeVerdicts(Encoding.UTF8.GetBytes(subscriptions)).Single(), StringComparison.Ordinal);
    }

    /// <summary>What POST /VIID/Subscribes does with a body: the list, or a format error; then each subscription saved or refused.</summary>
    private static IEnumerable<string> SubscribeVerdicts(byte[] body)
    {
        var list = ViidJson.Unwrap<SubscribeListObject>(body, "SubscribeListObject", out var error);
        if (list?.SubscribeObject is not { Count: > 0 } subscriptions || subscriptions.Contains(null!))
        {
            yield return $"format: {error ?? "no SubscribeObject"}";
            yield break;
        }
        foreach (var o in subscriptions)
        {
            if (o.OperateType == 1)
                yield return "accepted";
            else
                yield return ViidSubscriptionStore.Parse(o, Settings, Now, out var problem) is null ? $"content: {problem}" : "accepted";
        }
    }

    private static byte[] Generate(Random random, string sample) => random.Next(10) switch
    {
        0 => Encoding.UTF8.GetBytes(Mutate.RandomJson(random, 4)),
        1 => Mutate.RandomBytes(random, 128),
        _ => Mutate.Json(random, sample),
    };
}
