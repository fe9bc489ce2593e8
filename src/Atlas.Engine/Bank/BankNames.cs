using System.Globalization;
using System.Text.RegularExpressions;
using Atlas.Engine.Safetensors;

namespace Atlas.Engine.Bank;

/// <summary>Spellings used in bank.json and the rules for task-vector names.</summary>
internal static partial class BankNames
{
    private static readonly HashSet<string> ReservedDeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "bank",
    };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>Null when <paramref name="name"/> is a valid task-vector name, otherwise why not.</summary>
    public static string? Problem(string name)
    {
        if (!NamePattern().IsMatch(name))
            return $"task-vector name '{name}' must be 1-64 characters of letters, digits, '_', '-' or '.', starting with a letter or digit";
        if (name.EndsWith('.'))
            return $"task-vector name '{name}' must not end with '.'";
        if (BankFolder.IsTemporary(name))
            return $"task-vector name '{name}' must not contain '{BankFolder.TemporaryMarker}'";
        if (ReservedDeviceNames.Contains(name.Split('.')[0]))
            return $"task-vector name '{name}' is reserved on some file systems";
        return null;
    }

    public static string FileNameFor(string name) => name + BankFolder.TensorFileExtension;

    public static string KindText(TaskVectorKind kind) => kind == TaskVectorKind.Lora ? "lora" : "full";

    public static bool TryParseKind(string text, out TaskVectorKind kind)
    {
        kind = text == "lora" ? TaskVectorKind.Lora : TaskVectorKind.Full;
        return text is "full" or "lora";
    }

    public static string DTypeText(SafetensorsDType type) => type switch
    {
        SafetensorsDType.F32 => "f32",
        SafetensorsDType.F16 => "f16",
        SafetensorsDType.BF16 => "bf16",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Banks store f32, f16 or bf16."),
    };

    public static bool TryParseDType(string? text, out SafetensorsDType type)
    {
        switch (text?.ToLowerInvariant())
        {
            case "f32": type = SafetensorsDType.F32; return true;
            case "f16": type = SafetensorsDType.F16; return true;
            case "bf16": type = SafetensorsDType.BF16; return true;
            default: type = default; return false;
        }
    }

    public static string FormatUtc(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static bool TryParseUtc(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
