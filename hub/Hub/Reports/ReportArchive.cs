namespace EdgeSecurity.Hub.Reports;

/// <summary>
/// Writes the reports of configured places for every finished week, month and quarter, as HTML and CSV files in the
/// report folder, once each: a report already there is not made again, so a restarted hub catches up and nothing repeats.
/// </summary>
public sealed class ReportArchive(ReportService reports, IConfiguration configuration, IHostEnvironment environment, ILogger<ReportArchive> logger) : BackgroundService
{
    public const string PlacesKey = "Hub:Reports:Places";
    public const string DirectoryKey = "Hub:Reports:Directory";
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMinutes(1);

    public string Folder { get; } = Path.GetFullPath(configuration[DirectoryKey] is { Length: > 0 } folder ? folder : "data/reports", environment.ContentRootPath);

    public IReadOnlyList<string> Places { get; } = [.. (configuration[PlacesKey] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>The archived files, newest first.</summary>
    public IReadOnlyList<FileInfo> Files() =>
        Directory.Exists(Folder) ? [.. new DirectoryInfo(Folder).GetFiles("report-*").OrderByDescending(f => f.Name, StringComparer.Ordinal)] : [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Places.Count == 0)
            return;
        using var timer = new PeriodicTimer(CheckInterval);
        do
        {
            try
            {
                await WriteDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Could not write the scheduled reports to {Folder}; trying again in {Interval}", Folder, CheckInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public async Task WriteDueAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        foreach (var place in Places)
        {
            foreach (var kind in Enum.GetValues<ReportPeriodKind>())
            {
                var period = ReportPeriod.Containing(kind, reports.Today, reports.Zone).Previous(reports.Zone);
                var stem = Path.Combine(Folder, $"report-{place}-{period.Label}");
                if (File.Exists(stem + ".html"))
                    continue;
                if (await reports.BuildAsync(place, period, ct).ConfigureAwait(false) is not { } report)
                {
                    logger.LogWarning("{Key} names '{Place}', which is not a known place; no report for it", PlacesKey, place);
                    continue;
                }
                // CSV first and the HTML last, each written whole then renamed: the HTML's presence means the pair is complete.
                await WriteAtomicallyAsync(stem + ".csv", ReportCsv.Render(report), ct).ConfigureAwait(false);
                await WriteAtomicallyAsync(stem + ".html", System.Text.Encoding.UTF8.GetBytes(ReportHtml.Render(report)), ct).ConfigureAwait(false);
                logger.LogInformation("Wrote the {Kind} report {Label} of {Place}", ApiNames.Of(kind), period.Label, place);
            }
        }
    }

    private static async Task WriteAtomicallyAsync(string path, byte[] content, CancellationToken ct)
    {
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, content, ct).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}
