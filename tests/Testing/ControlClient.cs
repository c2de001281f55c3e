using System.Net.Sockets;
using System.Text;

namespace EdgeSecurity.Testing;

/// <summary>An operator's connection to the control socket, as socat would make it.</summary>
public sealed class ControlClient : IAsyncDisposable
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private ControlClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, Encoding.UTF8);
    }

    public static async Task<ControlClient> ConnectAsync(string socketPath)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
        return new ControlClient(socket);
    }

    /// <summary>Sends one command and returns the one answer line.</summary>
    public async Task<string> AskAsync(string line)
    {
        await SendRawAsync(Encoding.UTF8.GetBytes(line + "\n"));
        return await ReadAnswerAsync();
    }

    public async Task SendRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    public void FinishSending() => _socket.Shutdown(SocketShutdown.Send);

    public async Task<string> ReadAnswerAsync() =>
        await _reader.ReadLineAsync().WaitAsync(AnswerTimeout) ?? throw new EndOfStreamException("the agent closed the control connection");

    /// <summary>Null once the agent has closed the connection.</summary>
    public async Task<string?> ReadAnswerOrEndAsync() => await _reader.ReadLineAsync().WaitAsync(AnswerTimeout);

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
    }
}
