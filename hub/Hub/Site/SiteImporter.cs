using EdgeSecurity.Configuration;

namespace EdgeSecurity.Hub.Site;

public sealed record SiteImportResult(int Places, int Gateways, int People, IReadOnlyList<ConfigError> Errors)
{
    public bool Imported => Errors.Count == 0;
}

/// <summary>
/// Reads, checks and stores one import. A file with any bad row imports nothing and reports every problem with its
/// line; imports run one at a time, so each is checked against the site as the previous one left it.
/// </summary>
public sealed class SiteImporter(SiteStore store, SiteDirectory directory, ILogger<SiteImporter> logger) : IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public Task<SiteImportResult> ImportYamlAsync(string yaml, string fileName, CancellationToken ct) =>
        ImportAsync(() => SiteYamlReader.Read(yaml, fileName), fileName, ct);

    public Task<SiteImportResult> ImportCsvAsync(SiteCsvKind kind, string csv, string fileName, CancellationToken ct) =>
        ImportAsync(() => SiteCsvReader.Read(kind, csv, fileName), fileName, ct);

    public void Dispose() => _oneAtATime.Dispose();

    private async Task<SiteImportResult> ImportAsync(Func<(SiteData? Data, IReadOnlyList<ConfigError> Errors)> read, string fileName, CancellationToken ct)
    {
        var (data, errors) = read();
        if (data is null)
            return new SiteImportResult(0, 0, 0, errors);

        await _oneAtATime.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var problems = SiteDataValidator.Validate(data, directory.Current, fileName);
            if (problems.Count > 0)
                return new SiteImportResult(0, 0, 0, problems);
            await store.ImportAsync(data, ct).ConfigureAwait(false);
            await directory.ReloadAsync(ct).ConfigureAwait(false);
            logger.LogInformation("Imported {Places} places, {Gateways} gateways and {People} people from {File}", data.Places.Count, data.Gateways.Count, data.People.Count, fileName);
            return new SiteImportResult(data.Places.Count, data.Gateways.Count, data.People.Count, []);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}
