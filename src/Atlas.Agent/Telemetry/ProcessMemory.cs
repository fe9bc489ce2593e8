using System.Diagnostics;

namespace Atlas.Agent.Telemetry;

/// <summary>
/// The agent process's memory as published on <c>metrics</c> (<c>process</c>), so an operator can alarm on growth
/// without shell access to the device: a leak of native memory (ONNX Runtime sessions, libtorch tensors) shows in
/// <paramref name="WorkingSetBytes"/> while the managed numbers stay flat; a managed leak raises both.
/// </summary>
/// <param name="WorkingSetBytes">Resident memory of the process (RSS on Linux).</param>
/// <param name="ManagedHeapBytes">Bytes the garbage collector counts as allocated (<see cref="GC.GetTotalMemory(bool)"/>, no collection forced).</param>
/// <param name="GcCommittedBytes">Memory the garbage collector has committed from the OS, as of the last collection.</param>
/// <param name="Gen2Collections">Full collections since start.</param>
/// <param name="Threads">Threads in the process.</param>
internal sealed record ProcessMemory(long WorkingSetBytes, long ManagedHeapBytes, long GcCommittedBytes, int Gen2Collections, int Threads)
{
    /// <summary>Reads the numbers now (cheap: no collection is forced).</summary>
    public static ProcessMemory Read()
    {
        using var process = Process.GetCurrentProcess();
        return new ProcessMemory(process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false),
            GC.GetGCMemoryInfo().TotalCommittedBytes, GC.CollectionCount(2), process.Threads.Count);
    }
}
