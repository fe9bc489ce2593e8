namespace Atlas.Engine.Learning;

/// <summary>The learning-rate schedule over the run's steps.</summary>
public enum LearningSchedule
{
    /// <summary>The same rate throughout (the paper's test-time adaptation and task addition).</summary>
    Constant,

    /// <summary>Cosine decay from the rate to 0 over all steps (the paper's few-shot setting).</summary>
    Cosine,
}
