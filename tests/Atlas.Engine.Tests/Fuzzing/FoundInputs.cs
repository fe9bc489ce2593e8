using System.IO.Compression;

namespace Atlas.Engine.Tests.Fuzzing;

/// <summary>
/// Inputs the fuzzers found that broke production code, kept verbatim (gzip, then base64) for the regression tests.
/// Each names the target, seed and iteration that found it.
/// </summary>
internal static class FoundInputs
{
    /// <summary>
    /// frame-image, seed 2044652102, iteration 0 (mutated-jpeg): a Fashion-MNIST JPEG with a few bytes changed in
    /// its scan data; ImageSharp's JPEG decoder threw NullReferenceException, which escaped FramePreprocessor.
    /// </summary>
    public static byte[] JpegDecoderNullReference => Decode(
        "H4sIAAAAAAACA/t/4/8DBgEvN083BkZGRoYEIGT4f5uhhYGZiQmEgIAFiFg5WFlZWFi52NnZOHi4eHi4ubi5efmEBHj5BPm4uQXEBASFRURFRXn4xSXERCSERERFGBkoBP8PMHBzMMgwyDAyCjL8P8JwiYGBkZURDGBKGJmALmNj5+Dk4hZgYGJkZmZiYQa5EyhTC5RjYBFkFVI0dGQTDkxkVyoUMWqcuJBD2WnjQdGgix9UjJOKmji5xMQlJKVU1dQ1NLVMTM3MLSytnF1c3dw9PL2CQ0LDwiMio5JTUtPSMzKziktKy8orKquaW1rb2js6uyZNnjJ12vQZM2ctWrxk6bLlK1au2rR5y9Zt23fs3HXo8JGjx46fOHnq0uUrV69dv3Hz1sNHjz/KTl7469Ri8+if7JMWl916ufLn8WZ7mxtPnj57/uLlq4+fPn/5+u37j5+//t9i4AB50Z7hQ/8P9fQ3Gx/mdzOHfVzfV3Jw7UuzcKfT/pdVyyNSZyZ/Tp3m6iMeIhfBPXd58Tt20V+Bj3ilfa7sMU9coGK2Tcq1kUm7VuldrXEW2yNTs35prVxrLh5Nn36v53VGf9R/VH88fsj45T2dC1/+OmlHh26+/M5c/i23qI7BRx+3t3cleo/ILjAoPPnH68fuD6/eP1Q/AgD7PyDiKQIAAA==");

    /// <summary>
    /// frame-image, seed 2044652102, iteration 41 (png-text-bomb): a 66 kB Fashion-MNIST PNG with a zTXt chunk that
    /// inflates to 64 MiB; reading the image header ran for more than 20 s.
    /// </summary>
    public static byte[] PngCompressedTextBomb => Decode(
        "H4sIAAAAAAACA+3c609TZxzA8YPiBJRSVIwImIKDDUSXMakyQbl1tRUrMAyoCGXDbqDcFIigRC62c0NERAMJ6liizERFJjpBmIBTGQMcc14qDoZO5yUCRhyC4zLwz6DfT/Kck5OT8+aX8+rJk+/XgSq5udlcM0EQzBUr/YPH7rbjy2TsIoRqMlcKwshf6SFhyX4JcXGb4pMFYXv78wYjo7G3mftHzvSYjH8JAAAAAAAmtMy7OZPHNwMEyeidTwLXAgAAAACAiS7KQmT8dlNgKNLGh3EAAAAAADDhab2Wit+eEHi5K86YcQAAAAAAMOFZ9Xd5v90L+GX0vGUI8wAAAAAAYMLTEwwAAAAAAMCgEAwAAAAAAMCwEAwAAAAAAMCwEAwAAAAAAMDAEAwAAAAAAMCwEAwAAAAAAMCwEAwAAAAAAMCwEAwAAAAAAMDAEAwAAAAAAMCwEAwAAAAAAMCwHPdaKhk/GCB+NZqywneKAAAAAAAwJFXTPAXByOZin/XYg2niynXbBEF0ZXwZHVogshGESWUKf5+Q7YcXtjVvvuk9R3ihcKss3HJAE9mRWhR8Ojs7wsXl2XfyKTJLq6cNJe/Pq3WOqM2V+7x4squrI3ePzCJb62IV03DpXtzrgtb4A03Po52sC9t7B4YHjoptrz6s2RZbl/J0Q9LsndvTDzYHFZSOPGjqTLbJuJgWNbKl+8HL/Medlpp+TUR54Z7NHySEdx+QGF143DM6lD+j9qJqp/jHoYb0lKhrgz3F89L+U8sLxF8q+q6nbvz9V7tmk532dbdlNTdjL9U5VSqLPZXRPpZOokN9U//p36vdfyZNqrF2S3RUTXJTBXnYmoXa9RfG5FQ+q7wz2LIuQ6I6VVUx7ZZkinfeo/IuTUKPuPfGnAS5dmnWZXuz4ADRTH3jk8R7zgGN0rJZdT5Dy0utTkcGLF59YVXq/m8dXDr1gavnhx83Pbvs0P0q/ZLUpqdXp69JSfz5qs5W+6a4dEPxnej2sG67k4/ijgxLToeYzin0fFe3fnfIm26XKNW+rM/iM9JqL8SsD9AfHQwN+yP3yI5FR5vEST0HV2zLUgZVL3BV2xvlziuybK2QRic15gbJXmf4nfCTXrfVLpH+pNQ5+W4KXGL6b97WgPCNmQfrHaxvtUxfq+yvWW7iKvIOrjdVTsvSR6zaEaGb1bZnX2mcJHK27zGFXVGuXYDcwU9VvbB6Qbsi89PV7m+WnbV2m5oXqFNWuytl35fEph+b3LrW6YS6zXrx1j977T/0qC+L1n1zueJajLDmhnlezeDMU9JNLSZ7i53PPXQIMr7dXv+D2l6u89C7quLdq10GkmZ81fHRSaXCzLHxiOa3d6bWes981uYtaxN9nOMfWrR1aEBcpba4K/47LH/33M+/MH1e8WrNvmaFo3Fd/HkhyexKlleZR416932JPOH4WePZi0qGz9mdLHhwe7BXGnY4cf4LCyEntiLzvfy28Z9aIVP5l/uqs/8HzXoGhN8BAQA=");

    /// <summary>Un-gzips a base64 text.</summary>
    public static byte[] Decode(string gzipBase64)
    {
        using var input = new GZipStream(new MemoryStream(Convert.FromBase64String(gzipBase64)), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
