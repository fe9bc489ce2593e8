namespace Atlas.Agent.Configuration;

/// <summary>Rules for a name used as one MQTT topic level (device id, prefix, camera, command name).</summary>
internal static class TopicLevel
{
    public const string Pattern = "^[A-Za-z0-9_.-]{1,64}$";
    public const string Message = "must be 1 to 64 letters, digits, '_', '.' or '-' (one MQTT topic level)";

    public static bool IsValid(string? value) =>
        value is { Length: > 0 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    public static string Sanitize(string value)
    {
        var chars = value.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-').ToArray();
        var text = new string(chars);
        return text.Length == 0 ? "device" : text.Length > 64 ? text[..64] : text;
    }
}
