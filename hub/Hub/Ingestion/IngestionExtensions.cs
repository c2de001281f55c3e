using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeSecurity.Hub.Ingestion;

public static class IngestionExtensions
{
    public static IHostApplicationBuilder AddHubIngestion(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(MqttSettings.Section).Get<MqttSettings>() ?? new MqttSettings();
        if (settings.Tls?.Problems() is { Count: > 0 } problems)
            throw new InvalidOperationException(string.Join("; ", problems) + ".");
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<IngestStats>();
        builder.Services.AddSingleton<EventAcknowledgements>();
        builder.Services.AddSingleton<Telemetry.ITelemetryConfirmations>(services => services.GetRequiredService<EventAcknowledgements>());
        builder.Services.AddSingleton<MessageDispatcher>();
        builder.Services.AddSingleton<MqttIngestion>();
        builder.Services.AddHostedService(services => services.GetRequiredService<MqttIngestion>());
        return builder;
    }

    public static IEndpointRouteBuilder MapIngestionApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/ingest").MapGet("/stats", Stats).RequireAuthorization(Access.AccessExtensions.AdminPolicy);
        return app;
    }

    private static Ok<IngestStatsSnapshot> Stats(IngestStats stats) => TypedResults.Ok(stats.Snapshot());
}
