using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace EdgeSecurity.Testing;

/// <summary>hub/GovernanceReceiver run as a real process on a free loopback port, with its SQLite file in a temp directory.</summary>
public sealed class ReceiverProcess : IAsyncDisposable
{
    private readonly ServiceProcess _process;

    private ReceiverProcess(ServiceProcess process, int port)
    {
        _process = process;
        Port = port;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri BaseUri { get; }

    public Uri RecordsUrl => new(BaseUri, "api/records");

    public string Output => _process.Output;

    /// <param name="settings">Receiver:* settings, e.g. ["Keys:hub-1"] = secret.</param>
    public static async Task<ReceiverProcess> StartAsync(string directory, IReadOnlyDictionary<string, string> settings, int? port = null)
    {
        var chosen = port ?? FreeTcpPort.Next();
        var args = new List<string>
        {
            $"--Receiver:Port={chosen.ToString(CultureInfo.InvariantCulture)}",
            $"--Receiver:Database={Path.Combine(directory, "receiver.db")}",
        };
        args.AddRange(settings.Select(s => $"--Receiver:{s.Key}={s.Value}"));
        var process = ServiceProcess.StartDotnet(RepositoryLayout.GovernanceReceiverDll, args, directory);
        await process.WaitForOutputAsync("governance receiver listening", TimeSpan.FromSeconds(30));
        return new ReceiverProcess(process, chosen);
    }

    public async Task<IReadOnlyList<JsonElement>> ReceivedAsync(HttpClient http)
    {
        var list = await http.GetFromJsonAsync<JsonElement>(RecordsUrl);
        return [.. list.EnumerateArray()];
    }

    public Task KillAsync() => _process.KillAsync();

    public Task<int> StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(15));

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
