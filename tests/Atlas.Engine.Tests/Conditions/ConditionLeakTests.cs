using Atlas.Engine.Conditions;
using TorchSharp;
using static TorchSharp.torch;

namespace Atlas.Engine.Tests.Conditions;

/// <summary>Applying a condition leaves exactly one new live tensor (its output); every temporary is disposed.</summary>
public class ConditionLeakTests
{
    public static TheoryData<string> Names() => new(ConditionSpec.KnownNames);

    [Theory]
    [MemberData(nameof(Names))]
    public void Apply_LeavesOnlyItsOutputAlive(string name)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        var images = rand([4, 3, 16, 16], generator: generator);
        var spec = ConditionSpec.Parse(name + "+noise:1");
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var output = spec.Apply(images, seed: 1);
        var after = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Assert.Equal(before + 1, after);
        output.Dispose();
    }
}
