using System.Net.Sockets;

namespace EdgeSecurity.Testing.Chaos;

/// <summary>
/// Raises alarms at one gateway the way an intruder would, through its simulated door: open (a forced opening, since the
/// door is armed), close, at a steady pace. An alarm counts as sent when the agent answers with its event id, which it
/// does once the event is in its durable outbox. A kill can cut an answer off: that opening is in doubt.
/// </summary>
public sealed class AlarmDriver(string gateway, string controlSocket)
{
    private const string Reported = "forced opening reported as event ";

    public string Gateway { get; } = gateway;

    /// <summary>In the order the agent reported them.</summary>
    public List<Guid> Sent { get; } = [];

    public int InDoubt { get; private set; }

    public async Task RunAsync(int alarms, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var pace = new PeriodicTimer(interval);
        ControlClient? client = null;
        try
        {
            while (Sent.Count < alarms && await pace.WaitForNextTickAsync(cancellationToken))
            {
                var asked = false;
                try
                {
                    client ??= await ControlClient.ConnectAsync(controlSocket);
                    asked = true;
                    var answer = await client.AskAsync($"open {ChaosSystem.Door}");
                    asked = false;
                    var at = answer.IndexOf(Reported, StringComparison.Ordinal);
                    if (at >= 0)
                        Sent.Add(Guid.Parse(answer.AsSpan(at + Reported.Length)));
                    await client.AskAsync($"close {ChaosSystem.Door}");
                }
                catch (Exception e) when (e is SocketException or IOException or EndOfStreamException or TimeoutException)
                {
                    // The agent is down or was killed mid-command; it comes back with its outbox, and the pace goes on.
                    if (asked)
                        InDoubt++;
                    if (client is not null)
                        await client.DisposeAsync();
                    client = null;
                }
            }
        }
        finally
        {
            if (client is not null)
                await client.DisposeAsync();
        }
    }
}
