namespace Atlas.Objectives.Entropy;
internal static class Placeholder;
