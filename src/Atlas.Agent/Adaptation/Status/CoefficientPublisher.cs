using Atlas.Agent.Mqtt;
using MQTTnet;
using MQTTnet.Protocol;

namespace Atlas.Agent.Adaptation.Status;

/// <summary>
/// Publishes the served coefficients, retained, on <c>&lt;root&gt;/adaptation/coefficients</c> after every swap and on
/// every (re)connection, so an operator's tool (or <c>atlas demo</c>) sees the composition like any other state.
/// </summary>
internal sealed class CoefficientPublisher : IMqttConnectionListener, IDisposable
{
    private readonly ICoefficientView _view;
    private readonly IMqttPublisher _publisher;
    private readonly TopicLayout _topics;

    public CoefficientPublisher(ICoefficientView view, IMqttPublisher publisher, TopicLayout topics)
    {
        _view = view;
        _publisher = publisher;
        _topics = topics;
        _view.Changed += OnChanged;
    }

    /// <summary>The retained topic: <c>&lt;prefix&gt;/&lt;device&gt;/adaptation/coefficients</c>.</summary>
    public static string Topic(TopicLayout topics) => $"{topics.Root}/adaptation/coefficients";

    public IEnumerable<MqttApplicationMessage> MessagesOnConnect() => _view.Current is { } current ? [Message(current)] : [];

    public MqttApplicationMessage? MessageOnStop() => null;

    public void Dispose() => _view.Changed -= OnChanged;

    private void OnChanged(CoefficientSnapshot snapshot) => _publisher.Enqueue(Message(snapshot));

    private MqttApplicationMessage Message(CoefficientSnapshot snapshot) =>
        JsonMessage.Create(Topic(_topics), snapshot, retain: true, qos: MqttQualityOfServiceLevel.AtLeastOnce);
}
