using EdgeSecurity.Agent.Cameras;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Control;
using EdgeSecurity.Agent.Doors;
using EdgeSecurity.Agent.Gateway;
using EdgeSecurity.Agent.Outbox;
using EdgeSecurity.Agent.Publishing;
using EdgeSecurity.Bindings.Mosquitto;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent;

/// <summary>Wires the agent for a validated config; the program and the in-process tests run the same host.</summary>
public static class AgentHost
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Claims the control socket first, so that a second agent for the same gateway stops here, before it could
    /// connect to the broker with the same client id.
    /// </summary>
    /// <exception cref="AgentStartupException">The control socket is in use or cannot be created.</exception>
    public static IHost Build(AgentConfig config, Action<ILoggingBuilder>? configureLogging = null)
    {
        var listener = ControlSocketListener.Claim(config.ControlSocketPath);
        try
        {
            var builder = CreateBuilder(config);
            // A factory registration, so the container disposes the listener even if the host never starts.
            builder.Services.AddSingleton(_ => listener);
            configureLogging?.Invoke(builder.Logging);
            var host = builder.Build();
            OpenOutbox(host);
            LoadCameras(host);
            return host;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>Opened now, not when the first service asks, so that a file the agent cannot use stops it with a clear message.</summary>
    private static void OpenOutbox(IHost host)
    {
        try
        {
            host.Services.GetRequiredService<DurableOutbox>();
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Models are loaded now, so that a missing or wrong model file stops the start with a message naming it.</summary>
    private static void LoadCameras(IHost host)
    {
        try
        {
            host.Services.GetRequiredService<CameraService>();
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private static HostApplicationBuilder CreateBuilder(AgentConfig config)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);

        var services = builder.Services;
        services.AddSingleton(config);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => GatewayMqttClient.Create(config, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<MqttClient>>()));

        // Hosted services start in this order and stop in reverse: operators' input stops first, the offline status goes last.
        services.AddSingleton<GatewayConnection>();
        services.AddSingleton<IBrokerConnectionState>(sp => sp.GetRequiredService<GatewayConnection>());
        services.AddHostedService(sp => sp.GetRequiredService<GatewayConnection>());

        services.AddSingleton(sp => DurableOutbox.Open(config.Outbox, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DurableOutbox>>()));
        services.AddSingleton<IEventPublisher, OutboxPublisher>();
        services.AddSingleton(PublishRetry.Default);
        services.AddHostedService<OutboxSender>();

        services.AddSingleton<DoorContacts>();
        services.AddHostedService(sp => sp.GetRequiredService<DoorContacts>());

        services.AddSingleton(sp => CameraService.Create(config, sp.GetRequiredService<IEventPublisher>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService(sp => sp.GetRequiredService<CameraService>());

        services.AddHostedService<HeartbeatService>();

        services.AddSingleton<ControlCommands>();
        services.AddHostedService<ControlSocketServer>();
        return builder;
    }
}
