namespace Atlas.Engine.Conditions;

/// <summary>The registry of every camera transform, by canonical name and alias.</summary>
internal static class CameraTransforms
{
    public static IReadOnlyList<ICameraTransform> All { get; } =
    [
        new CleanTransform(),
        new GaussianNoiseTransform(),
        new ShotNoiseTransform(),
        new GaussianBlurTransform(),
        new MotionBlurTransform(),
        new LowContrastTransform(),
        new DarkTransform(),
        new OverexposureTransform(),
        new FogTransform(),
        new RotationTransform(),
        new TranslationTransform(),
        new PixelationTransform(),
        new JpegTransform(),
        new SaltAndPepperTransform(),
        new OcclusionTransform(),
    ];

    private static readonly Dictionary<string, ICameraTransform> ByName = All
        .SelectMany(t => t.Aliases.Prepend(t.Name).Select(name => (name, t)))
        .ToDictionary(p => p.name, p => p.t, StringComparer.OrdinalIgnoreCase);

    public static bool TryGet(string name, out ICameraTransform transform) => ByName.TryGetValue(name, out transform!);
}
