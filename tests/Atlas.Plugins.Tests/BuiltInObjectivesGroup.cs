namespace Atlas.Plugins.Tests;

/// <summary>The collection every test that uses the built-in plugins joins, so they load once per run.</summary>
[CollectionDefinition(Name)]
public sealed class BuiltInObjectivesGroup : ICollectionFixture<BuiltInObjectivesFixture>
{
    public const string Name = "built-in objectives";
}
