namespace Atlas.Engine.Evaluation;

/// <summary>Top-1 accuracy on the images of one true class.</summary>
/// <param name="Class">The class index.</param>
/// <param name="Name">The class name where the data has names, otherwise null.</param>
/// <param name="Count">Images of this class in the data.</param>
/// <param name="Correct">Of those, how many the model predicted as this class.</param>
public sealed record ClassAccuracy(int Class, string? Name, int Count, int Correct)
{
    /// <summary>Correct / Count, or null when the data has no image of this class.</summary>
    public double? Accuracy => Count == 0 ? null : (double)Correct / Count;
}
