using System.Net;
using System.Net.Sockets;

namespace EdgeSecurity.Dashboard.Tests.Infrastructure;

/// <summary>
/// A loopback TCP relay in front of the hub that can cut every open connection at once: a network drop as the browser
/// sees it (its EventSource errors and reconnects), while the hub runs on.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly List<TcpClient> _open = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public TcpRelay(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        _targetPort = target.Port;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Closes every connection relayed so far (with a reset); new ones are relayed again.</summary>
    public int DropAll()
    {
        lock (_lock)
        {
            foreach (var client in _open)
            {
                // A pump that met the other side's close has disposed its pair already (its socket is gone).
                if (client.Client is { } socket)
                    socket.LingerState = new LingerOption(true, 0);
                client.Dispose();
            }
            var count = _open.Count;
            _open.Clear();
            return count;
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            }
            catch (SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }
            lock (_lock)
                _open.AddRange([inbound, outbound]);
            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
            to.Client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        DropAll();
        _stop.Dispose();
    }
}
