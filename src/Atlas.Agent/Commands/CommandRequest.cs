using System.Text.Json;

namespace Atlas.Agent.Commands;

/// <summary>A command as received on <c>cmd/&lt;name&gt;</c>: its name and its JSON arguments (an object; empty when the payload was empty).</summary>
internal sealed record CommandRequest(string Name, JsonElement Arguments);
