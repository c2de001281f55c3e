namespace EdgeSecurity.Video;

/// <summary>A manifest is invalid, or the model or labels it names do not match it; the message names the file and what was expected.</summary>
public sealed class ModelManifestException : Exception
{
    public ModelManifestException()
    {
    }

    public ModelManifestException(string message)
        : base(message)
    {
    }

    public ModelManifestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
