using Atlas.Engine.Conditions;

namespace Atlas.Engine.Tests.Conditions;

public class ConditionSpecTests
{
    [Fact]
    public void ComposedSpec_ResolvesAliasesAndSeverities()
    {
        var spec = ConditionSpec.Parse("dark + noise:2");
        Assert.Equal(["dark:3", "gaussian-noise:2"], spec.Steps.Select(s => s.ToString()));
        Assert.Equal("dark:3+gaussian-noise:2", spec.ToString());
        Assert.False(spec.IsClean);
    }

    [Fact]
    public void KnownNames_CoverEveryIssueCondition()
    {
        string[] required =
        [
            "clean", "gaussian-noise", "shot-noise", "gaussian-blur", "motion-blur", "low-contrast", "dark", "overexposure", "fog",
            "rotation", "translation", "pixelation", "jpeg", "salt-and-pepper", "occlusion",
        ];
        Assert.Equal(required.Order(), ConditionSpec.KnownNames.Order());
    }

    [Fact]
    public void UnknownName_ListsTheKnownNames()
    {
        var error = Assert.Throws<FormatException>(() => ConditionSpec.Parse("dark+snow"));
        Assert.Contains("'snow' is not a known condition", error.Message, StringComparison.Ordinal);
        Assert.All(ConditionSpec.KnownNames, n => Assert.Contains(n, error.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("fog:0")]
    [InlineData("fog:6")]
    [InlineData("fog:x")]
    [InlineData("fog:")]
    public void BadSeverity_IsRejected(string text)
    {
        var error = Assert.Throws<FormatException>(() => ConditionSpec.Parse(text));
        Assert.Contains("must be an integer from 1 to 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyPart_IsRejected()
    {
        Assert.Throws<FormatException>(() => ConditionSpec.Parse("dark+"));
    }
}
