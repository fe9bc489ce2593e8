using System.Net;
using System.Text;
using Atlas.Agent.Adaptation.Status;
using Atlas.Agent.Mqtt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Atlas.Agent.Web;

/// <summary>
/// Serves the status page (<c>GET /</c>) and its two JSON endpoints, <c>GET /api/status</c> and
/// <c>GET /api/coefficients</c>, with <see cref="HttpListener"/>: three read-only routes need no web framework.
/// Registered only when <c>Web:Enabled</c> is true; the page itself polls the endpoints, so nothing is pushed.
/// </summary>
internal sealed partial class WebStatusService(IOptions<WebStatusOptions> options, WebStatusDocuments documents, ICoefficientView coefficients,
    ILogger<WebStatusService> logger) : BackgroundService
{
    private static readonly Lazy<byte[]> Page = new(LoadPage);
    private HttpListener? _listener;

    /// <summary>The prefix actually registered, e.g. <c>http://127.0.0.1:8080/</c>.</summary>
    public string? Prefix { get; private set; }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var url = new Uri(options.Value.Url);
        var host = url.Host is "0.0.0.0" or "[::]" ? "+" : url.Host;
        Prefix = $"http://{host}:{url.Port}/";
        var listener = new HttpListener();
        listener.Prefixes.Add(Prefix);
        try
        {
            listener.Start();
        }
        catch (HttpListenerException e)
        {
            listener.Close();
            throw new Ingest.AgentStartupException($"The status page cannot listen on {options.Value.Url} ({WebStatusOptions.Section}:Url): {e.Message}", e);
        }
        _listener = listener;
        Log.Listening(logger, Prefix);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _listener?.Stop();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _listener?.Close();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listener = _listener!;
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or HttpListenerException && stoppingToken.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => AnswerAsync(context), CancellationToken.None);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var (status, type, body) = Route(context.Request);
            response.StatusCode = status;
            response.ContentType = type;
            response.Headers["Cache-Control"] = "no-store";
            response.Headers["X-Content-Type-Options"] = "nosniff";
            response.ContentLength64 = body.Length;
            await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            Log.AnswerFailed(logger, context.Request.Url?.AbsolutePath ?? "?", e.Message);
        }
        finally
        {
            try { response.Close(); } catch (ObjectDisposedException) { /* the listener stopped meanwhile */ }
        }
    }

    private (int Status, string Type, byte[] Body) Route(HttpListenerRequest request)
    {
        if (request.HttpMethod != "GET") return (405, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes("only GET is served\n"));
        return request.Url?.AbsolutePath switch
        {
            "/" or "/index.html" => (200, "text/html; charset=utf-8", Page.Value),
            "/api/status" => (200, "application/json", JsonMessage.Serialize(documents.Status())),
            "/api/coefficients" => (200, "application/json", JsonMessage.Serialize((object?)coefficients.Current ?? new Dictionary<string, object?> { ["modelVersion"] = null })),
            _ => (404, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes("not found: try /, /api/status or /api/coefficients\n")),
        };
    }

    private static byte[] LoadPage()
    {
        using var stream = typeof(WebStatusService).Assembly.GetManifestResourceStream("Atlas.Agent.Web.status.html")
            ?? throw new InvalidOperationException("The embedded resource 'Atlas.Agent.Web.status.html' is missing from the agent assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2600, Level = LogLevel.Information, Message = "Status page listening on {Prefix}")]
        public static partial void Listening(ILogger logger, string prefix);

        [LoggerMessage(EventId = 2601, Level = LogLevel.Debug, Message = "Status page request {Path} not answered: {Reason}")]
        public static partial void AnswerFailed(ILogger logger, string path, string reason);
    }
}
