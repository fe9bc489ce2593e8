using System.Net;
using System.Net.Sockets;

namespace Atlas.Agent.Tests.TestSupport;

/// <summary>A TCP port on loopback that was free a moment ago (never 1883).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
