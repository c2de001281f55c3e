namespace EdgeSecurity.Hub.Site;

/// <summary>
/// Loads the site at start and, when Hub:Site:File names a YAML site file, imports it (adding and updating, never
/// deleting), so a deployment's places and people can live in version control. A file with errors stops the hub with
/// every error listed.
/// </summary>
public sealed class SiteLoader(SiteDirectory directory, SiteImporter importer, IConfiguration configuration, IHostEnvironment environment) : IHostedService
{
    public const string FileKey = "Hub:Site:File";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await directory.ReloadAsync(cancellationToken).ConfigureAwait(false);
        if (configuration[FileKey] is not { Length: > 0 } configured)
            return;

        var path = Path.GetFullPath(configured, environment.ContentRootPath);
        string yaml;
        try
        {
            yaml = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{FileKey}: cannot read {path} ({e.Message}).", e);
        }
        var result = await importer.ImportYamlAsync(yaml, path, cancellationToken).ConfigureAwait(false);
        if (!result.Imported)
            throw new InvalidOperationException($"{FileKey}: {path} was not imported:{Environment.NewLine}{string.Join(Environment.NewLine, result.Errors)}");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
