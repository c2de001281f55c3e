using System.Globalization;

namespace EdgeSecurity.Hub.Privacy;

/// <summary>How long one kind of data is kept, and how often the hub looks for what has outlived it.</summary>
public abstract record RetentionSettings(TimeSpan Retention, TimeSpan PurgeInterval)
{
    /// <summary><c>{section}:Retention</c> and <c>{section}:PurgeInterval</c> (default 1 hour).</summary>
    /// <exception cref="InvalidOperationException">A setting is not a positive time span.</exception>
    public static (TimeSpan Retention, TimeSpan PurgeInterval) Read(IConfiguration configuration, string section, TimeSpan defaultRetention)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = configuration.GetSection(section);
        return (Span(settings, section, "Retention", defaultRetention), Span(settings, section, "PurgeInterval", TimeSpan.FromHours(1)));
    }

    private static TimeSpan Span(IConfigurationSection settings, string section, string key, TimeSpan fallback)
    {
        if (settings[key] is not { Length: > 0 } text)
            return fallback;
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero
            ? value
            : throw new InvalidOperationException($"{section}:{key} '{text}' is not a positive time span such as 30.00:00:00");
    }
}

/// <summary>
/// Deletes, every purge interval on the hub's clock, what is older than its retention. A purge that fails is logged and
/// tried again at the next interval; the hub goes on.
/// </summary>
public abstract class RetentionJob(RetentionSettings settings, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>What is deleted, for the log ("evidence snapshot(s)").</summary>
    protected abstract string Items { get; }

    /// <summary>One purge now: how many items were deleted.</summary>
    public Task<int> PurgeAsync(CancellationToken ct) => PurgeOlderThanAsync(clock.GetUtcNow() - settings.Retention, ct);

    protected abstract Task<int> PurgeOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var deleted = await PurgeAsync(stoppingToken).ConfigureAwait(false);
                    if (deleted > 0)
                        logger.LogInformation("Deleted {Count} {Items} older than {Retention}", deleted, Items, settings.Retention);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Old {Items} could not be deleted; trying again in {Interval}", Items, settings.PurgeInterval);
                }
                await Task.Delay(settings.PurgeInterval, clock, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
