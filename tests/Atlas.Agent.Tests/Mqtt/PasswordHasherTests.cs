using System.Security.Cryptography;
using System.Text;
using Atlas.Agent.Mqtt.Access;

namespace Atlas.Agent.Tests.Mqtt;

public sealed class PasswordHasherTests
{
    [Fact]
    public void Hash_VerifiesItsPasswordOnlyAndSaltsEachHash()
    {
        var first = PasswordHasher.Hash("correct horse", iterations: 1_000);
        var second = PasswordHasher.Hash("correct horse", iterations: 1_000);

        Assert.True(PasswordHasher.Verify("correct horse", first));
        Assert.False(PasswordHasher.Verify("correct horsf", first));
        Assert.False(PasswordHasher.Verify("", first));
        Assert.NotEqual(first, second);
        Assert.DoesNotContain("correct horse", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_IsPbkdf2Sha256OverTheEncodedSaltAndIterations()
    {
        var parts = PasswordHasher.Hash("pw", iterations: 1_234).Split('$');

        Assert.Equal("pbkdf2-sha256", parts[0]);
        Assert.Equal("1234", parts[1]);
        // Recompute independently from the RFC 8018 primitive with the stored salt.
        var expected = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes("pw"), Convert.FromBase64String(parts[2]), 1_234, HashAlgorithmName.SHA256, 32);
        Assert.Equal(expected, Convert.FromBase64String(parts[3]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("pbkdf2-sha256$0$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$10$not base64!$AAAA")]
    [InlineData("md5$10$AAAA$AAAA")]
    public void MalformedHash_IsNotWellFormedAndNeverVerifies(string encoded)
    {
        Assert.False(PasswordHasher.IsWellFormed(encoded));
        Assert.False(PasswordHasher.Verify("plain", encoded));
    }
}
