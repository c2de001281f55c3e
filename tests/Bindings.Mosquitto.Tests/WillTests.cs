using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace EdgeSecurity.Bindings.Mosquitto.Tests;

public sealed class WillTests : BrokerTests
{
    [Fact]
    public async Task WillIsPublishedWhenTheClientProcessIsKilled()
    {
        await using var watcher = await ConnectedClientAsync("will-watcher");
        var inbox = new Inbox();
        await watcher.SubscribeAsync("devices/cam1/status", MqttQos.AtLeastOnce, inbox.Handle).WaitAsync(Wait.Timeout);

        using var device = StartWillClient("cam1", "devices/cam1/status", "offline", out var connected);
        try
        {
            await connected.WaitAsync(Wait.Timeout);
            device.Kill();
            await device.WaitForExitAsync().WaitAsync(Wait.Timeout);

            var will = await inbox.NextAsync();
            Assert.Equal("devices/cam1/status", will.Topic);
            Assert.Equal("offline", Encoding.UTF8.GetString(will.Payload.Span));
        }
        finally
        {
            if (!device.HasExited)
            {
                device.Kill();
            }
        }
    }

    /// <summary>Runs tests/Tools/MqttWillClient; <paramref name="connected"/> completes when it prints "connected".</summary>
    private Process StartWillClient(string clientId, string willTopic, string willPayload, out Task connected)
    {
        var dll = typeof(WillTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "MqttWillClientPath").Value!;
        var startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { dll, Broker.Host, Broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), clientId, willTopic, willPayload })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new StringBuilder();
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == "connected")
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.Exited += (_, _) =>
        {
            lock (errors)
            {
                ready.TrySetException(new InvalidOperationException($"The will client exited before connecting: {errors}"));
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        connected = ready.Task;
        return process;
    }
}
