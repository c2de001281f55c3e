using EdgeSecurity.Agent.Cameras;
using EdgeSecurity.Agent.Commissioning;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Control;
using EdgeSecurity.Agent.Doors;
using EdgeSecurity.Agent.Gateway;
using EdgeSecurity.Agent.Health;
using EdgeSecurity.Agent.Outbox;
using EdgeSecurity.Agent.Publishing;
using EdgeSecurity.Agent.Rs485;
using EdgeSecurity.Agent.SmokeDetectors;
using EdgeSecurity.Agent.Modes;
using EdgeSecurity.Agent.Rules;
using EdgeSecurity.Agent.Schedules;
using EdgeSecurity.Bindings.Gpiod;
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
    /// <param name="configureServices">Runs after the agent's own registrations, so a test can replace the clock or the GPIO backend.</param>
    /// <exception cref="AgentStartupException">The control socket is in use or cannot be created.</exception>
    public static IHost Build(AgentConfig config, Action<ILoggingBuilder>? configureLogging = null, Action<IServiceCollection>? configureServices = null)
    {
        var listener = ControlSocketListener.Claim(config.ControlSocketPath);
        try
        {
            var builder = CreateBuilder(config);
            // A factory registration, so the container disposes the listener even if the host never starts.
            builder.Services.AddSingleton(_ => listener);
            configureLogging?.Invoke(builder.Logging);
            configureServices?.Invoke(builder.Services);
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

    /// <summary>
    /// Opened now, not when the first service asks, so that a file the agent cannot use (or a GPIO library that is
    /// missing) stops it with a clear message.
    /// </summary>
    private static void OpenOutbox(IHost host)
    {
        try
        {
            host.Services.GetRequiredService<DurableOutbox>();
            host.Services.GetRequiredService<RelaySmokeDetectors>();
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
        services.AddSingleton<OutboxPublisher>();
        services.AddSingleton<HubConfirmations>();
        services.AddSingleton<CommissioningStore>();
        services.AddSingleton<WalkTest>();
        services.AddSingleton<TestAlarm>();
        services.AddSingleton<CommissioningCommands>();
        services.AddSingleton(sp => new LocalClock(sp.GetRequiredService<TimeProvider>(), TimeZoneInfo.FindSystemTimeZoneById(config.Gateway.TimeZone)));
        services.AddSingleton<GatewayModeState>();
        services.AddSingleton<DeviceOverrides>();
        services.AddSingleton(sp =>
        {
            var mode = sp.GetRequiredService<GatewayModeState>();
            return new FusionEngine(config.EventRules.Fusion, rule => mode.Settings.WindowOf(rule));
        });
        services.AddSingleton<IEventPublisher, RuledEventPublisher>();
        services.AddSingleton(PublishRetry.Default);
        services.AddHostedService<OutboxSender>();

        services.AddSingleton<SimulatedDoorWiring>();
        services.AddSingleton(new GpioBackend(() => new LibgpiodLines()));
        services.AddSingleton<DoorContacts>();
        services.AddHostedService(sp => sp.GetRequiredService<DoorContacts>());

        services.AddSingleton<RelaySmokeDetectors>();
        services.AddHostedService(sp => sp.GetRequiredService<RelaySmokeDetectors>());
        services.AddSingleton<Rs485Buses>();
        services.AddHostedService(sp => sp.GetRequiredService<Rs485Buses>());
        services.AddSingleton<SensorCommands>();

        services.AddSingleton<GatewayHealthSampler>();
        services.AddHostedService<HubCommandListener>();
        services.AddSingleton(sp => CameraService.Create(config, sp.GetRequiredService<IEventPublisher>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<OutboxPublisher>().PublishEvidence, sp.GetRequiredService<OutboxPublisher>().PublishObject));
        services.AddHostedService(sp => sp.GetRequiredService<CameraService>());

        services.AddHostedService<HeartbeatService>();

        services.AddSingleton<ControlCommands>();
        services.AddHostedService<ControlSocketServer>();
        return builder;
    }
}
