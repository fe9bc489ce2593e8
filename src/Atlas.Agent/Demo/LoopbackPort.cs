using System.Net;
using System.Net.Sockets;

namespace Atlas.Agent.Demo;

/// <summary>Finds a TCP port on 127.0.0.1 that was free a moment ago, for the demo's broker and status page.</summary>
internal static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
