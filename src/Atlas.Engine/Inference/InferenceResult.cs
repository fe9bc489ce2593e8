namespace Atlas.Engine.Inference;

/// <summary>The output for one sample and the version of the model that computed it.</summary>
/// <param name="Logits">The first model output for this sample (<see cref="ServedModelInfo.ClassCount"/> values).</param>
/// <param name="ModelVersion">The <see cref="ServedModelSpec.Version"/> of the session that ran it.</param>
public sealed record InferenceResult(float[] Logits, string ModelVersion)
{
    /// <summary>Index of the largest logit (the predicted class).</summary>
    public int PredictedClass
    {
        get
        {
            var best = 0;
            for (var i = 1; i < Logits.Length; i++)
                if (Logits[i] > Logits[best]) best = i;
            return best;
        }
    }
}
