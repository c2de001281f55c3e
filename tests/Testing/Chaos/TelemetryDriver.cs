using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace EdgeSecurity.Testing.Chaos;

/// <summary>
/// Makes one gateway report measurements through its simulated smoke detector (<c>smoke measure</c>), each point
/// numbered by a field <c>seq</c> unique per gateway. A point counts as sent when the agent answers that it is stored,
/// which it does once the point is in its durable outbox; a kill can cut the answer off: that point is in doubt.
/// </summary>
public sealed class TelemetryDriver(string gateway, string controlSocket)
{
    /// <summary>Padding fields of a flood point: about 900 bytes of payload (a control line holds at most 1024 bytes), so that about a thousand fill a 1 MB outbox.</summary>
    private const int FloodFields = 30;

    private int _next;

    public string Gateway { get; } = gateway;

    /// <summary>The seq numbers of the points the agent answered for.</summary>
    public List<long> Sent { get; } = [];

    public int InDoubt { get; private set; }

    /// <summary>The seq numbers of the flood points the agent answered for (also in <see cref="Sent"/>).</summary>
    public List<long> Flooded { get; } = [];

    /// <summary>Small points (one field) at a steady pace.</summary>
    public async Task RunAsync(int points, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var pace = new PeriodicTimer(interval);
        ControlClient? client = null;
        try
        {
            while (Sent.Count < points && await pace.WaitForNextTickAsync(cancellationToken))
                client = await SendAsync(client, flood: false);
        }
        finally
        {
            if (client is not null)
                await client.DisposeAsync();
        }
    }

    /// <summary>Large points as fast as the agent takes them, to fill its outbox quota while the broker is away.</summary>
    public async Task FloodAsync(int points)
    {
        ControlClient? client = null;
        try
        {
            for (var i = 0; i < points; i++)
                client = await SendAsync(client, flood: true);
        }
        finally
        {
            if (client is not null)
                await client.DisposeAsync();
        }
    }

    private async Task<ControlClient?> SendAsync(ControlClient? client, bool flood)
    {
        var seq = ++_next;
        var asked = false;
        try
        {
            client ??= await ControlClient.ConnectAsync(controlSocket);
            asked = true;
            var answer = await client.AskAsync(Command(seq, flood));
            if (answer.StartsWith("ok ", StringComparison.Ordinal))
            {
                Sent.Add(seq);
                if (flood)
                    Flooded.Add(seq);
            }
            return client;
        }
        catch (Exception e) when (e is SocketException or IOException or EndOfStreamException or TimeoutException)
        {
            // The agent is down or was killed mid-command; it comes back with its outbox.
            if (asked)
                InDoubt++;
            if (client is not null)
                await client.DisposeAsync();
            return null;
        }
    }

    private static string Command(int seq, bool flood)
    {
        var line = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"smoke measure {ChaosSystem.Detector} seq={seq}"));
        if (flood)
        {
            for (var field = 0; field < FloodFields; field++)
                line.Append(CultureInfo.InvariantCulture, $" padding_field_{field:00}={seq}.{field:00}");
        }
        return line.ToString();
    }
}
