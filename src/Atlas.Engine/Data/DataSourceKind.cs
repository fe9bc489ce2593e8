namespace Atlas.Engine.Data;

/// <summary>Where a <see cref="DataSpec"/> takes its images from.</summary>
public enum DataSourceKind
{
    /// <summary>A bare path: a folder is read as an image folder, a file by its content (NumPy or IDX, gzip or not).</summary>
    Auto,

    /// <summary><c>idx:images[,labels]</c>: IDX files as used by MNIST and Fashion-MNIST, optionally gzip-compressed.</summary>
    Idx,

    /// <summary><c>npy:images[,labels]</c>: NumPy .npy files.</summary>
    Npy,

    /// <summary><c>folder:root[,gray|rgb][,WxH]</c>: one sub-folder per class (torchvision ImageFolder convention).</summary>
    Folder,

    /// <summary><c>fashion-mnist:train</c> or <c>fashion-mnist:test</c>: the installed Fashion-MNIST files.</summary>
    FashionMnist,
}
