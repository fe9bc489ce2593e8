namespace Atlas.Plugins;

/// <summary>
/// The augmented views of each sample that an objective asks the host to prepare. The host builds only the views an
/// objective requests, because every view costs a forward pass worth of augmentation work.
/// </summary>
[Flags]
public enum ObjectiveViews
{
    /// <summary>No view beyond the raw sample (never useful on its own; present for flag arithmetic).</summary>
    None = 0,

    /// <summary>The weakly augmented view (flip, small crop, or the identity). Every objective receives it.</summary>
    Weak = 1,

    /// <summary>The strongly augmented view (colour jitter, heavy crop, ...), needed by consistency objectives.</summary>
    Strong = 2,
}
