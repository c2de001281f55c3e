using System.Threading.Channels;
using EdgeSecurity.Testing;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Bindings.Mosquitto.Tests;

internal static class Wait
{
    /// <summary>Upper bound for anything a test waits for; loopback operations take milliseconds.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
}

/// <summary>Collects what a subscription handler receives, for tests to await one message at a time.</summary>
internal static class Connecting
{
    /// <summary>The client once connected; a client that fails to connect is disposed before the failure is rethrown.</summary>
    public static async Task<MqttClient> ConnectedOrDisposedAsync(this MqttClient client)
    {
        try
        {
            await client.ConnectAsync().WaitAsync(Wait.Timeout);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }
}

internal sealed class Inbox
{
    private readonly Channel<MqttMessage> _messages = Channel.CreateUnbounded<MqttMessage>();

    public ValueTask Handle(MqttMessage message)
    {
        _messages.Writer.TryWrite(message);
        return ValueTask.CompletedTask;
    }

    public Task<MqttMessage> NextAsync() => _messages.Reader.ReadAsync().AsTask().WaitAsync(Wait.Timeout);
}

internal sealed class ConnectionEvents
{
    private readonly Channel<MqttConnectionChangedEventArgs> _events = Channel.CreateUnbounded<MqttConnectionChangedEventArgs>();

    public ConnectionEvents(MqttClient client) => client.ConnectionChanged += (_, change) => _events.Writer.TryWrite(change);

    public Task<MqttConnectionChangedEventArgs> NextAsync() => _events.Reader.ReadAsync().AsTask().WaitAsync(Wait.Timeout);
}

internal sealed class CapturingLogger : ILogger<MqttClient>
{
    private readonly Lock _gate = new();
    private readonly List<(LogLevel Level, string Message, Exception? Exception)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message, Exception? Exception)> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_gate)
        {
            _entries.Add((logLevel, formatter(state, exception), exception));
        }
    }
}

/// <summary>Each test gets its own mosquitto, so tests never see each other's messages or sessions.</summary>
public abstract class BrokerTests : IAsyncLifetime
{
    protected MosquittoBroker Broker { get; private set; } = null!;

    public async Task InitializeAsync() => Broker = await MosquittoBroker.StartAsync();

    public async Task DisposeAsync() => await Broker.DisposeAsync();

    private protected MqttClient NewClient(string clientId, Func<MqttClientOptions, MqttClientOptions>? configure = null, ILogger<MqttClient>? logger = null)
    {
        var options = new MqttClientOptions { ClientId = clientId, Host = Broker.Host, Port = Broker.Port };
        return new MqttClient(configure?.Invoke(options) ?? options, logger);
    }

    private protected Task<MqttClient> ConnectedClientAsync(string clientId, Func<MqttClientOptions, MqttClientOptions>? configure = null, ILogger<MqttClient>? logger = null) =>
        NewClient(clientId, configure, logger).ConnectedOrDisposedAsync();
}
