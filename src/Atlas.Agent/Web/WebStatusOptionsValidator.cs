using System.Net;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Web;

/// <summary>Checks the <c>Web</c> section when the page is enabled: an absolute <c>http://host:port</c> URL, on loopback unless allowed.</summary>
internal sealed class WebStatusOptionsValidator : IValidateOptions<WebStatusOptions>
{
    public ValidateOptionsResult Validate(string? name, WebStatusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled) return ValidateOptionsResult.Success;
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp || url.AbsolutePath != "/"
            || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.UserInfo))
        {
            return ValidateOptionsResult.Fail(
                $"{WebStatusOptions.Section}:Url: '{options.Url}' is not an http://HOST:PORT address without a path (e.g. http://127.0.0.1:8080).");
        }
        if (!options.AllowNonLoopback && !IsLoopback(url.Host))
        {
            return ValidateOptionsResult.Fail(
                $"{WebStatusOptions.Section}:Url: the status page would listen on '{url.Host}', which is not a loopback address; " +
                "the page has no authentication and no TLS, so anyone who reaches the port sees the device's state. " +
                $"Bind it to 127.0.0.1 (reach it through an SSH tunnel), or set {WebStatusOptions.Section}:AllowNonLoopback=true on a trusted network.");
        }
        return ValidateOptionsResult.Success;
    }

    /// <summary>Whether <paramref name="host"/> is <c>localhost</c> or a loopback IP address.</summary>
    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
