using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Control;

/// <summary>
/// Serves the local control socket. Access is by file permission (0660: the agent's user and group), so only
/// operators in the agent's group can drive doors. Each client is served on its own task; a bad line gets an
/// error answer and never ends the client, the socket or the agent.
/// </summary>
public sealed class ControlSocketServer(ControlSocketListener listener, ControlCommands commands, ILogger<ControlSocketServer> logger)
    : IHostedService, IDisposable
{
    private const int MaxClients = 32;

    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, bool> _clients = new();
    private Task _accepting = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _accepting = AcceptAllAsync(_stopping.Token);
        if (listener.ReplacedStaleSocket)
            logger.LogInformation("Replaced the stale control socket {Path} left by an earlier run", listener.Path);
        logger.LogInformation("Control socket listening on {Path}", listener.Path);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        listener.Dispose();
        await Task.WhenAll([_accepting, .. _clients.Keys]).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task AcceptAllAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.Socket.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                logger.LogWarning("Accepting a control client failed: {Error}", e.Message);
                continue;
            }
            if (_clients.Count >= MaxClients)
            {
                await RefuseAsync(client).ConfigureAwait(false);
                continue;
            }
            var serving = ServeAsync(client, stopping);
            _clients[serving] = true;
            _ = serving.ContinueWith(t => _clients.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stopping)
    {
        await Task.Yield();
        var stream = new NetworkStream(client, ownsSocket: true);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                var reader = new ControlLineReader(stream);
                while (await reader.ReadLineAsync(stopping).ConfigureAwait(false) is { } line)
                {
                    var answer = line.TooLong
                        ? $"error: line longer than {ControlLineReader.MaxLineBytes} bytes; expected one command per line"
                        : await commands.ExecuteAsync(line.Text).ConfigureAwait(false);
                    if (!line.TooLong)
                        logger.LogInformation("Control command '{Command}': {Answer}", line.Text, answer);
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(answer + "\n"), stopping).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                logger.LogDebug("Control client ended: {Error}", e.Message);
            }
        }
    }

    private async Task RefuseAsync(Socket client)
    {
        using (client)
        {
            logger.LogWarning("Refused a control client: {Max} clients are connected already", MaxClients);
            try
            {
                await client.SendAsync(Encoding.UTF8.GetBytes($"error: too many control clients (at most {MaxClients}); try again later\n")).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // The client is being refused anyway.
            }
        }
    }
}
