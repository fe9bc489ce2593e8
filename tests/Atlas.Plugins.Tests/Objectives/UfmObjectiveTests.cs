using TorchSharp;

namespace Atlas.Plugins.Tests.Objectives;

[Collection(BuiltInObjectivesGroup.Name)]
public sealed class UfmObjectiveTests(BuiltInObjectivesFixture plugins)
{
    private const double Tolerance = 1e-9;

    [Theory]
    [InlineData(0, 10, 0.9)]
    [InlineData(9, 10, 0.99)]
    [InlineData(4, 9, 0.945)]
    [InlineData(0, 1, 0.9)]
    public void Threshold_RisesLinearlyFromFirstToLastEpoch(int epoch, int totalEpochs, double expected)
    {
        var objective = plugins.Create("ufm");
        var logits = new double[,] { { 1, 0 } };
        using var loss = objective.ComputeLoss(Batches.OfLogits(logits, logits, epoch: epoch, totalEpochs: totalEpochs));
        Assert.Equal(expected, objective.Metrics["threshold"], Tolerance);
    }

    [Fact]
    public void ConfidentSample_UsesSquareRootSoftenedPseudoLabel_UnconfidentIsMasked()
    {
        // Weak view: p = (0.95, 0.05) passes ω = 0.9; p = (0.6, 0.4) does not and contributes zero.
        var weak = new double[,] { { Math.Log(0.95), Math.Log(0.05) }, { Math.Log(0.6), Math.Log(0.4) } };
        var strong = new double[,] { { 0.3, -0.2 }, { 1.0, 0.0 } };
        var objective = plugins.Create("ufm");
        using var loss = objective.ComputeLoss(Batches.OfLogits(weak, strong));

        double[] softened = [Math.Sqrt(0.95) / (Math.Sqrt(0.95) + Math.Sqrt(0.05)), Math.Sqrt(0.05) / (Math.Sqrt(0.95) + Math.Sqrt(0.05))];
        var logq = Reference.Softmax(0.3, -0.2).Select(x => Math.Log(x)).ToArray();
        var expected = -((softened[0] * logq[0]) + (softened[1] * logq[1])) / 2; // mean over B = 2, masked counts as 0
        Assert.Equal(expected, loss.item<double>(), Tolerance);
        Assert.Equal(0.5, objective.Metrics["keptFraction"], Tolerance);

        // Not the official main-branch bug (0.5 · p instead of p^0.5): that would give a different value.
        var buggy = -((0.5 * 0.95 * logq[0]) + (0.5 * 0.05 * logq[1])) / 2;
        Assert.True(Math.Abs(buggy - loss.item<double>()) > 1e-3);
    }

    [Fact]
    public void SofteningPower_IsAnOption()
    {
        var weak = new double[,] { { Math.Log(0.95), Math.Log(0.05) } };
        var strong = new double[,] { { 0.3, -0.2 } };
        var objective = plugins.Create("ufm", """{ "softeningPower": 1 }""");
        using var loss = objective.ComputeLoss(Batches.OfLogits(weak, strong));
        var logq = Reference.Softmax(0.3, -0.2).Select(x => Math.Log(x)).ToArray();
        Assert.Equal(-((0.95 * logq[0]) + (0.05 * logq[1])), loss.item<double>(), Tolerance);
    }

    [Fact]
    public void TrustedSet_TakesTopTenPerPredictedClass_AndFillsAQuarterOfTheBatch()
    {
        // N = 200, C = 2: k = min(200 / 2 / 10, 100) = 10 per class. 150 samples predict class 0, 50 class 1;
        // sample i has margin m_i (distinct, in scrambled order), logits (m, 0) or (0, m).
        const int n = 200;
        var buffer = new double[n, 2];
        var margins = new double[n];
        for (var i = 0; i < n; i++)
        {
            margins[i] = 0.5 + (i * 37 % n / 20.0);
            buffer[i, i < 150 ? 0 : 1] = margins[i];
        }
        var expected = Enumerable.Range(0, 150).OrderByDescending(i => margins[i]).Take(10)
            .Concat(Enumerable.Range(150, 50).OrderByDescending(i => margins[i]).Take(10)).Order().ToArray();

        var objective = plugins.Create("ufm");
        using var bufferLogits = Batches.Tensor(buffer);
        var recording = new RecordingBuffer(bufferLogits, bufferLogits);
        objective.OnEpochStart(new EpochContext(() => bufferLogits.alias())
        {
            Epoch = 0, TotalEpochs = 1, ClassCount = 2, Buffer = recording,
        });
        Assert.Equal(20, objective.Metrics["trustedSetSize"]);

        // A batch of B = 60 draws m = round(60 · 0.25 / 0.75) = 20 trusted samples: the whole set, each once.
        var batchRows = new double[60, 2];
        for (var i = 0; i < 60; i++)
        {
            batchRows[i, 0] = buffer[i, 0];
            batchRows[i, 1] = buffer[i, 1];
        }
        using var loss = objective.ComputeLoss(Batches.OfLogits(batchRows, batchRows, buffer: recording));
        Assert.Equal(expected, recording.Requested.Order().ToArray());
        Assert.Equal(20, objective.Metrics["trustedSamples"]);

        // Loss: (Σ masked soft-label CE over the 60 + Σ hard CE of the 20 trusted on their predicted class) / 80.
        var total = 0.0;
        for (var i = 0; i < 60; i++)
        {
            var row = Reference.Row(batchRows, i);
            var p = Reference.Softmax(row);
            if (p.Max() > 0.9)
            {
                var soft = p.Select(x => Math.Sqrt(x)).ToArray();
                var sum = soft.Sum();
                total -= soft.Zip(p, (s, q) => s / sum * Math.Log(q)).Sum();
            }
        }
        foreach (var i in expected)
        {
            var p = Reference.Softmax(Reference.Row(buffer, i));
            total -= Math.Log(p.Max());
        }
        Assert.Equal(total / 80, loss.item<double>(), 1e-9);
    }

    [Theory]
    [InlineData(15, 2, 2)]      // ⌊15 / 2 / 10⌋ = 0, raised to 1 per class
    [InlineData(2200, 2, 200)]  // ⌊2200 / 2 / 10⌋ = 110, capped at 100 per class
    public void TrustedSetSize_FollowsMinNOverCOverTenAndHundred(int n, int classes, int expectedSize)
    {
        using var logits = torch.zeros(n, classes, dtype: torch.ScalarType.Float64);
        for (var i = 0; i < n; i++)
        {
            logits[i, i % classes] = torch.tensor(1.0 + (i * 0.001), dtype: torch.ScalarType.Float64);
        }
        var objective = plugins.Create("ufm");
        objective.OnEpochStart(new EpochContext(() => logits.alias())
        {
            Epoch = 0, TotalEpochs = 1, ClassCount = classes, Buffer = new RecordingBuffer(logits, logits),
        });
        Assert.Equal(expectedSize, objective.Metrics["trustedSetSize"]);
    }

    [Fact]
    public void MissingStrongView_ThrowsNamingTheObjective()
    {
        var objective = plugins.Create("ufm");
        var error = Assert.Throws<InvalidOperationException>(() => objective.ComputeLoss(Batches.OfLogits(new double[,] { { 1, 0 } })));
        Assert.Contains("ufm", error.Message, StringComparison.Ordinal);
    }
}
