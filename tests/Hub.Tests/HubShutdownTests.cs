using EdgeSecurity.Hub.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSecurity.Hub.Tests;

public sealed class HubShutdownTests : IDisposable
{
    private readonly TempDirectory _files = new("hub-shutdown");

    /// <summary>The live feeds end every stream as the hub begins to stop; a reader must take that as the end, not resubscribe in a loop.</summary>
    [Fact]
    public async Task Stopping_the_hub_ends_the_notification_dispatcher_without_resubscribing()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var logs = new CapturingLoggerProvider();
        var hub = await HubHost.StartAsync(broker.Port, _files.Combine("hub.db"), services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs),
            "--Logging:LogLevel:Default=Information");
        await Poll.UntilAsync(hub.HealthAsync, h => (string?)h["mqtt"] == "connected", "the hub to connect");

        await hub.DisposeAsync();

        Assert.Contains("Application is shutting down", logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("subscribed again", logs.Text, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}
