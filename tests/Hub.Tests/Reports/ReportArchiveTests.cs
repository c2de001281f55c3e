using System.Net;
using EdgeSecurity.Hub.Tests.Infrastructure;

namespace EdgeSecurity.Hub.Tests.Reports;

/// <summary>Reports on a schedule: every finished period of each configured place written once, as HTML and CSV, listed by the API.</summary>
public sealed class ReportArchiveTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new("hub-reports");
    private MosquittoBroker _broker = null!;
    private HubHost _hub = null!;
    private DemoClients _people = null!;

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        _hub = await HubHost.StartAsync(_broker.Port, _directory.Combine("hub.db"), null,
            "--Hub:Reports:Places=cm-demo,cm-cuiyuan", $"--Hub:Reports:Directory={_directory.Combine("reports")}");
        _people = new DemoClients(_hub.BaseAddress);
    }

    [Fact]
    public async Task The_last_finished_week_month_and_quarter_are_archived_and_shown_only_to_people_covering_the_place()
    {
        var (_, listed) = await Poll.UntilAsync(() => _people.GetAsync("admin", "/api/reports/archive"),
            r => r.Body!.AsArray().Count == 12, "three periods of two places, HTML and CSV");
        var names = listed!.AsArray().Select(n => (string)n!).ToList();
        Assert.Equal(6, names.Count(n => n.EndsWith(".html", StringComparison.Ordinal)));
        Assert.Empty(Directory.GetFiles(_directory.Combine("reports"), "*.tmp"));

        var (_, own) = await _people.GetAsync("wangmin", "/api/reports/archive");
        Assert.All(own!.AsArray(), n => Assert.StartsWith("report-cm-demo-", (string)n!, StringComparison.Ordinal));
        var html = names.First(n => n.StartsWith("report-cm-demo-", StringComparison.Ordinal) && n.EndsWith(".html", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, await _people.StatusOfAsync("wangmin", $"/api/reports/archive/{html}"));
        var other = names.First(n => n.StartsWith("report-cm-cuiyuan-", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, await _people.StatusOfAsync("wangmin", $"/api/reports/archive/{other}"));
        Assert.Equal(HttpStatusCode.NotFound, await _people.StatusOfAsync("admin", "/api/reports/archive/..%2Fhub.db"));
    }

    public async Task DisposeAsync()
    {
        _people.Dispose();
        await _hub.DisposeAsync();
        await _broker.DisposeAsync();
    }

    public void Dispose() => _directory.Dispose();
}
