using System.Reflection;

namespace Atlas.Engine.Execution;

/// <summary>
/// Finds every <see cref="IOpKernel"/> in this assembly once, by reflection, and indexes them by op type.
/// </summary>
internal static class KernelRegistry
{
    private static readonly Lazy<IReadOnlyDictionary<string, IOpKernel>> Kernels = new(Discover);

    /// <summary>Every op type with a kernel, sorted ordinally.</summary>
    public static IReadOnlyList<string> SupportedOpTypes => [.. Kernels.Value.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The kernel for a default-domain op type, or null.</summary>
    public static IOpKernel? Find(string opType) => Kernels.Value.GetValueOrDefault(opType);

    private static Dictionary<string, IOpKernel> Discover()
    {
        var kernels = new Dictionary<string, IOpKernel>(StringComparer.Ordinal);
        var types = typeof(IOpKernel).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IOpKernel).IsAssignableFrom(t)
                && t.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes) is not null);
        foreach (var type in types)
        {
            var kernel = (IOpKernel)Activator.CreateInstance(type, nonPublic: true)!;
            if (kernels.TryGetValue(kernel.OpType, out var existing))
            {
                throw new InvalidOperationException(
                    $"Two kernels implement op type '{kernel.OpType}': {existing.GetType().FullName} and {type.FullName}.");
            }
            kernels.Add(kernel.OpType, kernel);
        }
        return kernels;
    }
}
