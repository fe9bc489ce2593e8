using System.Text.Json;
using System.Text.Unicode;

namespace Atlas.Agent.Tests.Fuzzing;

/// <summary>What the agent must refuse in a JSON document, decided independently of the code under test.</summary>
internal static class JsonChecks
{
    /// <summary>True when the bytes are one valid UTF-8 JSON object (within .NET's default depth of 64) with no key twice in any object.</summary>
    public static bool IsObjectWithoutDuplicates(byte[] json)
    {
        if (!Utf8.IsValid(json)) return false;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = false });
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>True when the bytes parse as JSON but some object in them has a key twice.</summary>
    public static bool HasDuplicateKeys(byte[] json)
    {
        try
        {
            using var lenient = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 1000 });
        }
        catch (JsonException)
        {
            return false;
        }
        try
        {
            using var strict = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 1000, AllowDuplicateProperties = false });
            return false;
        }
        catch (JsonException)
        {
            return true;
        }
    }
}
