using System.Net;
using System.Net.Sockets;

namespace EdgeSecurity.Testing;

public static class FreeTcpPort
{
    /// <summary>A loopback port the OS considers free right now (another process may still take it before you bind).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
