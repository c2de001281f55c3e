using System.Text;

namespace EdgeSecurity.Upstream;

/// <summary>Reads an answer's text up to a limit: an upstream (or a proxy before it) sending megabytes must not fill the hub's memory.</summary>
internal static class HttpBodies
{
    public const int MaximumAnswerBytes = 64 * 1024;

    public static async Task<string> ReadTextAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaximumAnswerBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
                length += read;
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
    }
}
