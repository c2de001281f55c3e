using EdgeSecurity.Hub.Storage;

namespace EdgeSecurity.Hub.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>
    /// Registers <see cref="ITelemetrySink"/> (the InfluxDB writer, run as a hosted service that first sets up the
    /// database and retention, with its <see cref="TelemetrySpool"/> next to the hub's database), <see cref="InfluxQueryClient"/> and <see cref="TelemetryStats"/>.
    /// Unusable settings are logged as an error at start and telemetry is dropped, counted; the hub runs on.
    /// </summary>
    public static IHostApplicationBuilder AddHubTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var (settings, errors) = Bind(builder.Configuration.GetSection(TelemetrySettings.Section));
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<TelemetryStats>();
        builder.Services.AddSingleton(_ => new InfluxConnection(settings));
        builder.Services.AddSingleton<InfluxQueryClient>();
        if (errors.Count > 0)
        {
            var reason = $"telemetry is disabled, its configuration is unusable: {string.Join("; ", errors)}";
            builder.Services.AddSingleton<ITelemetrySink>(services => new DisabledTelemetrySink(services.GetRequiredService<TelemetryStats>(), reason));
            builder.Services.AddHostedService(services => new StartupError(services.GetRequiredService<ILogger<TelemetrySettings>>(), reason));
            return builder;
        }

        // "data/hub.db" spools to "data/hub.telemetry-spool.db": its own file, so its lighter durability never touches incidents.
        var spoolPath = Path.ChangeExtension(StorageExtensions.SqlitePath(builder), ".telemetry-spool.db");
        builder.Services.AddSingleton(services => new TelemetrySpool(
            spoolPath,
            settings.SpoolMegabytes * 1024L * 1024L,
            services.GetRequiredService<TelemetryStats>(),
            services.GetRequiredService<ILogger<TelemetrySpool>>()));
        builder.Services.AddSingleton<TelemetrySchema>();
        builder.Services.AddSingleton(services => new InfluxWriter(
            services.GetRequiredService<InfluxConnection>(),
            services.GetRequiredService<TelemetryStats>(),
            services.GetRequiredService<TelemetrySpool>(),
            services.GetRequiredService<ILogger<InfluxWriter>>(),
            settings.UsesV2Api ? null : services.GetRequiredService<TelemetrySchema>(),
            services.GetService<TimeProvider>(),
            services.GetService<ITelemetryConfirmations>()));
        builder.Services.AddSingleton<ITelemetrySink>(services => services.GetRequiredService<InfluxWriter>());
        builder.Services.AddHostedService(services => services.GetRequiredService<InfluxWriter>());
        return builder;
    }

    private static (TelemetrySettings Settings, IReadOnlyList<string> Errors) Bind(IConfiguration section)
    {
        try
        {
            var settings = section.Get<TelemetrySettings>() ?? new TelemetrySettings();
            return (settings, settings.Validate());
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the key and the value it could not convert.
            return (new TelemetrySettings(), [e.Message]);
        }
    }

    /// <summary>Says once, at start, why telemetry is off.</summary>
    private sealed class StartupError(ILogger logger, string reason) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogError("{Reason}", reason);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
