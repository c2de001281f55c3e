using System.Net;
using System.Net.Sockets;

namespace EdgeSecurity.Video.Tests;

/// <summary>
/// A camera stand-in the test controls: ffmpeg reads an MPEG-TS stream from tcp://127.0.0.1:port. The first connection
/// gets the start of the stream and then silence, held open, as from a camera that hangs; after <see cref="Resume"/>,
/// every connection gets the whole stream.
/// </summary>
internal sealed class TcpVideoFeed : IAsyncDisposable
{
    private readonly byte[] _stream;
    private readonly int _silentAfter;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TaskCompletionSource _resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;

    public TcpVideoFeed(byte[] stream, int silentAfter)
    {
        (_stream, _silentAfter) = (stream, silentAfter);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Url => $"tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Connections { get; private set; }

    public void Resume() => _resumed.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            Connections++;
            _ = ServeAsync(client, first: Connections == 1);
        }
    }

    private async Task ServeAsync(TcpClient client, bool first)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                if (first)
                    await stream.WriteAsync(_stream.AsMemory(0, _silentAfter), _stopping.Token);
                await _resumed.Task.WaitAsync(_stopping.Token);
                if (!first)
                    await stream.WriteAsync(_stream, _stopping.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // ffmpeg was killed or the test is over: nobody is reading any more.
            }
        }
    }
}
