namespace EdgeSecurity.Hub.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>
    /// Registers <see cref="ITelemetrySink"/> (the InfluxDB writer, run as a hosted service that first sets up the
    /// database and retention), <see cref="InfluxQueryClient"/> and <see cref="TelemetryStats"/>.
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

        builder.Services.AddSingleton<TelemetrySchema>();
        builder.Services.AddSingleton(services => new InfluxWriter(
            services.GetRequiredService<InfluxConnection>(),
            services.GetRequiredService<TelemetryStats>(),
            services.GetRequiredService<ILogger<InfluxWriter>>(),
            settings.UsesV2Api ? null : services.GetRequiredService<TelemetrySchema>(),
            services.GetService<TimeProvider>()));
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
