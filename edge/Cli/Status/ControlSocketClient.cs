using System.Net.Sockets;
using System.Text;

namespace EdgeSecurity.Cli.Status;

/// <summary>One question to the agent's control socket: a line out, a line back (the protocol in edge/Agent/README.md).</summary>
public static class ControlSocketClient
{
    /// <summary>The agent answers status from memory at once; this only bounds a hung agent.</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(5);

    /// <exception cref="SocketException">Nothing listens there.</exception>
    /// <exception cref="TimeoutException">The agent did not answer in time.</exception>
    /// <exception cref="IOException">The agent closed the connection without an answer.</exception>
    /// <param name="answerTimeout">For a command that waits on purpose (a test alarm); the default bounds a hung agent.</param>
    public static async Task<string> AskAsync(string socketPath, string command, CancellationToken cancellationToken, TimeSpan? answerTimeout = null)
    {
        var limit = answerTimeout ?? AnswerTimeout;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), timeout.Token).ConfigureAwait(false);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\n"), timeout.Token).ConfigureAwait(false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return await reader.ReadLineAsync(timeout.Token).ConfigureAwait(false)
                ?? throw new IOException("the agent closed the connection without answering");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer within {limit.TotalSeconds:0} s");
        }
    }
}
