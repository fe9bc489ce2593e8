using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Atlas.Agent.Mqtt;
using Atlas.Agent.Telemetry;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace Atlas.Agent.Commands;

/// <summary>
/// Answers <c>cmd/&lt;name&gt;</c> requests, MQTT 5 request/response style: the answer
/// <c>{ "command", "ok", "result" | "error" }</c> goes to the request's response topic with its correlation data
/// copied (or to <c>responses/&lt;name&gt;</c> when the request names none). Unknown commands, malformed
/// arguments and failing handlers are answered with an error, never dropped. <see cref="Dispatch"/> answers off the
/// MQTT client's receive path, so a long command (an adaptation round) holds back neither frames nor other commands.
/// </summary>
internal sealed class CommandDispatcher(IEnumerable<ICommandHandler> handlers, IMqttPublisher publisher, TopicLayout topics, EventPublisher events, ILogger<CommandDispatcher> logger)
{
    private const int MaxArgumentBytes = 64 * 1024;

    /// <summary>Commands answered at once; one more is refused as busy rather than queued.</summary>
    public const int MaxRunning = 4;

    private int _running;
    private readonly Dictionary<string, ICommandHandler> _handlers = handlers.ToDictionary(h => h.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _handlers.Keys;

    /// <summary>
    /// Starts answering a command in the background and returns at once: the MQTT client hands received messages over
    /// one at a time, so awaiting a long command there would stop frames from being received. The message is copied
    /// first (the client may reuse its buffers). Beyond <see cref="MaxRunning"/> running commands, the answer is a refusal.
    /// </summary>
    public void Dispatch(MqttApplicationMessage message, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var copy = new MqttApplicationMessage
        {
            Topic = message.Topic,
            Payload = new ReadOnlySequence<byte>(message.Payload.ToArray()),
            ResponseTopic = message.ResponseTopic,
            CorrelationData = message.CorrelationData?.ToArray(),
        };
        if (Interlocked.Increment(ref _running) > MaxRunning)
        {
            Interlocked.Decrement(ref _running);
            Answer(copy, name, CommandResult.Failure($"'{name}' refused: {MaxRunning} commands are running already; send it again once one has answered."));
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await HandleAsync(copy, name, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The agent is stopping: the command goes unanswered, as it would have on the receive path.
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }, CancellationToken.None);
    }

    public async Task HandleAsync(MqttApplicationMessage message, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var result = await ExecuteAsync(message, name, cancellationToken).ConfigureAwait(false);
        Answer(message, name, result);
    }

    private void Answer(MqttApplicationMessage message, string name, CommandResult result)
    {
        AgentLog.CommandAnswered(logger, name, result.Ok ? "ok" : result.Error ?? "error");
        var body = new Dictionary<string, object?> { ["command"] = name, ["ok"] = result.Ok, ["result"] = result.Result, ["error"] = result.Error };
        // An invalid response topic cannot be published to; it is answered on the default topic instead (see ExecuteAsync).
        var topic = IsValidTopicName(message.ResponseTopic) ? message.ResponseTopic : topics.DefaultCommandResponse(name);
        publisher.Enqueue(JsonMessage.Create(topic, body, qos: MqttQualityOfServiceLevel.AtLeastOnce, correlationData: message.CorrelationData));
    }

    private async Task<CommandResult> ExecuteAsync(MqttApplicationMessage message, string name, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(name, out var handler))
            return CommandResult.Failure($"Unknown command '{name}'. Known commands: {string.Join(", ", _handlers.Keys.Order(StringComparer.Ordinal))}.");
        if (!string.IsNullOrEmpty(message.ResponseTopic) && !IsValidTopicName(message.ResponseTopic))
        {
            // Found by fuzzing: publishing the answer to a wildcard topic threw inside the agent's send loop and stopped it.
            var shown = message.ResponseTopic.Length <= 100 ? message.ResponseTopic : message.ResponseTopic[..100] + "…";
            return CommandResult.Failure($"The response topic '{shown}' is not a topic name one can publish to ('+', '#', NUL or over 65535 bytes); '{name}' was not run.");
        }
        if (message.Payload.Length > MaxArgumentBytes)
            return CommandResult.Failure($"The arguments of '{name}' have {message.Payload.Length} bytes; the limit is {MaxArgumentBytes}.");
        JsonElement arguments;
        try
        {
            var payload = message.Payload.ToArray();
            if (!Utf8.IsValid(payload)) return CommandResult.Failure($"The arguments of '{name}' are not valid UTF-8.");
            // Duplicate keys are refused: which one a handler would see is parser-dependent.
            using var document = JsonDocument.Parse(payload.Length == 0 ? "{}"u8.ToArray() : payload, new JsonDocumentOptions { AllowDuplicateProperties = false });
            arguments = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return CommandResult.Failure($"The arguments of '{name}' are not valid JSON: {e.Message}");
        }
        if (arguments.ValueKind != JsonValueKind.Object)
            return CommandResult.Failure($"The arguments of '{name}' must be a JSON object (was {arguments.ValueKind}).");
        try
        {
            return await handler.ExecuteAsync(new CommandRequest(name, arguments), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            AgentLog.CommandFailed(logger, name, e);
            events.Publish("command-failed", new Dictionary<string, object?> { ["command"] = name, ["error"] = e.Message });
            return CommandResult.Failure($"Command '{name}' failed: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>True for a topic an MQTT 5 client may publish to: not empty, no wildcard, no NUL, at most 65535 UTF-8 bytes.</summary>
    private static bool IsValidTopicName([NotNullWhen(true)] string? topic) =>
        !string.IsNullOrEmpty(topic) && topic.AsSpan().IndexOfAny('+', '#', '\0') < 0 && Encoding.UTF8.GetByteCount(topic) <= ushort.MaxValue;
}
