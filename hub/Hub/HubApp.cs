using EdgeSecurity.Hub.Access;
using EdgeSecurity.Hub.Dashboard;
using EdgeSecurity.Hub.Enrolment;
using EdgeSecurity.Hub.Evidence;
using EdgeSecurity.Hub.Forwarding;
using EdgeSecurity.Hub.Gateways;
using EdgeSecurity.Hub.Health;
using EdgeSecurity.Hub.Incidents;
using EdgeSecurity.Hub.Ingestion;
using EdgeSecurity.Hub.Reports;
using EdgeSecurity.Hub.Notifications;
using EdgeSecurity.Hub.Privacy;
using EdgeSecurity.Hub.Site;
using EdgeSecurity.Hub.SitePlans;
using EdgeSecurity.Hub.Storage;
using EdgeSecurity.Hub.Telemetry;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration.Memory;

namespace EdgeSecurity.Hub;

/// <summary>Builds the hub; used by Program and by tests, which pass their own --urls and Hub:* settings.</summary>
public static class HubApp
{
    /// <summary>Loopback only: exposing the hub is a deployment decision (--urls or ASPNETCORE_URLS), never a default.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    // Below every other configuration source, so appsettings, environment variables and the command line override them.
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        [WebHostDefaults.ServerUrlsKey] = DefaultUrl,
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };

    /// <param name="configureServices">For tests: replaces services after the hub's own registrations (a manual clock).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });

        builder.Services.ConfigureHttpJsonOptions(options => HubJson.Configure(options.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddHubStorage();
        builder.AddHubPrivacy();
        builder.AddHubSite();
        builder.AddHubAccess();
        builder.AddHubIncidents();
        builder.AddHubForwarding();
        builder.AddHubGateways();
        builder.AddHubEnrolment();
        builder.AddHubIngestion();
        builder.AddHubEvidence();
        builder.AddHubTelemetry();
        builder.AddHubReports();
        builder.AddHubNotifications();
        builder.AddHubSitePlans();
        builder.AddHubDashboard();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseHubDashboard();
        app.UseHubAccess();
        app.MapAccessApi();
        app.MapSiteApi();
        app.MapIncidentsApi();
        app.MapForwardingApi();
        app.MapGatewaysApi();
        app.MapEnrolmentApi();
        app.MapIngestionApi();
        app.MapEvidenceApi();
        app.MapReportsApi();
        app.MapHealth();
        app.MapNotificationsApi();
        app.MapSitePlansApi();
        app.MapPrivacyApi();
        app.MapDashboardApi();
        app.Lifetime.ApplicationStarted.Register(() => LogStarted(app));
        return app;
    }

    private static void LogStarted(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        var mqtt = app.Services.GetRequiredService<MqttSettings>();
        app.Logger.LogInformation("EdgeSecurity hub listening on {Urls}, database {DatabasePath}, broker {MqttHost}:{MqttPort}",
            string.Join(", ", addresses), app.Services.GetRequiredService<HubDatabase>().Description, mqtt.Host, mqtt.Port);
    }
}
