using System.Collections.Immutable;

namespace EdgeSecurity.Video;

/// <summary>Class names, one per line in class-id order (the darknet ".names" format).</summary>
internal static class LabelFile
{
    /// <exception cref="ModelManifestException">The file is missing or empty.</exception>
    public static ImmutableArray<string> Load(string path, string manifestName)
    {
        if (!File.Exists(path))
            throw new ModelManifestException($"The labels file {path} named by manifest {manifestName} does not exist.");
        var labels = File.ReadAllLines(path).Select(line => line.Trim()).ToList();
        // A trailing newline is common; blank lines inside would shift every class id after them, so they are refused.
        while (labels.Count > 0 && labels[^1].Length == 0)
            labels.RemoveAt(labels.Count - 1);
        if (labels.Count == 0 || labels.Any(label => label.Length == 0))
            throw new ModelManifestException($"The labels file {path} named by manifest {manifestName} must have one non-empty class name per line.");
        return [.. labels];
    }
}
