namespace EdgeSecurity.Hub.Site;

/// <summary>
/// The current <see cref="Site"/>, loaded at start and swapped whole after each import. Capabilities that must react to
/// a new site (quarantined incidents of a community now known) register with <see cref="OnChanged"/>.
/// </summary>
public sealed class SiteDirectory(SiteStore store)
{
    private readonly List<Func<Site, CancellationToken, Task>> _handlers = [];
    private volatile Site _current = Site.Empty;

    public Site Current => _current;

    public void OnChanged(Func<Site, CancellationToken, Task> handler) => _handlers.Add(handler);

    public async Task ReloadAsync(CancellationToken ct)
    {
        _current = await store.LoadAsync(ct).ConfigureAwait(false);
        foreach (var handler in _handlers)
            await handler(_current, ct).ConfigureAwait(false);
    }
}
