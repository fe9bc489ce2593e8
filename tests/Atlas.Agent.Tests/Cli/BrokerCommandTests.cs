using Atlas.Agent.Mqtt.Access;

namespace Atlas.Agent.Tests.Cli;

[Collection("Console")]
public sealed class BrokerCommandTests
{
    [Fact]
    public async Task HashPassword_PrintsAHashOfTheStandardInputPassword()
    {
        var original = Console.In;
        Console.SetIn(new StringReader("s3cret-from-stdin\n"));
        try
        {
            var (exit, output, _) = await CliRunner.RunAsync("broker", "hash-password", "--iterations", "2000");

            Assert.Equal(0, exit);
            var hash = output.Trim();
            Assert.StartsWith("pbkdf2-sha256$2000$", hash, StringComparison.Ordinal);
            Assert.True(PasswordHasher.Verify("s3cret-from-stdin", hash));
            Assert.DoesNotContain("s3cret", output, StringComparison.Ordinal);
        }
        finally
        {
            Console.SetIn(original);
        }
    }

    [Fact]
    public async Task HashPassword_WithEmptyInput_FailsWithUsageError()
    {
        var original = Console.In;
        Console.SetIn(new StringReader(""));
        try
        {
            var (exit, _, error) = await CliRunner.RunAsync("broker", "hash-password");

            Assert.Equal(2, exit);
            Assert.Contains("standard input", error, StringComparison.Ordinal);
        }
        finally
        {
            Console.SetIn(original);
        }
    }
}
