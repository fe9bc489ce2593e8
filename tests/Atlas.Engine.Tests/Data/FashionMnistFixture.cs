using Atlas.Engine.Data;

namespace Atlas.Engine.Tests.Data;

/// <summary>
/// Parses the real Fashion-MNIST files once per test run (the training images alone are 188 MB of floats); every test
/// class that needs them joins the <see cref="FashionMnistGroup"/>.
/// </summary>
public sealed class FashionMnistFixture
{
    private readonly Lazy<ImageDataset> _train = new(() => DataSpec.Parse("fashion-mnist:train").Load());
    private readonly Lazy<ImageDataset> _test = new(() => DataSpec.Parse("fashion-mnist:test").Load());

    public ImageDataset Train => _train.Value;

    public ImageDataset Test => _test.Value;
}

[CollectionDefinition(Name)]
public sealed class FashionMnistGroup : ICollectionFixture<FashionMnistFixture>
{
    public const string Name = "Fashion-MNIST";
}
