using System.Net.Sockets;

namespace EdgeSecurity.Agent.Control;

/// <summary>
/// The bound control socket, claimed before anything else starts. It doubles as the gateway's single-instance
/// lock: a second agent with the same config would otherwise connect with the same MQTT client id and take the
/// broker session away from the first.
/// </summary>
public sealed class ControlSocketListener : IDisposable
{
    private const int Backlog = 32;
    private const UnixFileMode SocketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    private ControlSocketListener(string path, Socket socket, bool replacedStaleSocket)
    {
        Path = path;
        Socket = socket;
        ReplacedStaleSocket = replacedStaleSocket;
    }

    public string Path { get; }

    public Socket Socket { get; }

    /// <summary>A socket file left by an agent that did not stop cleanly was found and replaced.</summary>
    public bool ReplacedStaleSocket { get; }

    /// <exception cref="AgentStartupException">Another agent serves the socket, or it cannot be created.</exception>
    public static ControlSocketListener Claim(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            var replaced = RemoveStaleSocket(path);
            socket.Bind(new UnixDomainSocketEndPoint(path));
            // Before Listen, so no client can connect while the socket still has the umask's mode.
            File.SetUnixFileMode(path, SocketMode);
            socket.Listen(Backlog);
            return new ControlSocketListener(path, socket, replaced);
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException)
        {
            socket.Dispose();
            throw new AgentStartupException($"cannot create the control socket {path}: {e.Message}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Socket.Dispose();
        File.Delete(Path);
    }

    /// <summary>A socket file nobody answers on is stale; one that answers belongs to a running agent.</summary>
    private static bool RemoveStaleSocket(string path)
    {
        if (!File.Exists(path))
            return false;
        using (var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(path));
                throw new AgentStartupException($"the control socket {path} is in use: is another agent running with this config?");
            }
            catch (SocketException)
            {
                // Nobody listens: the file is stale.
            }
        }
        File.Delete(path);
        return true;
    }
}
