namespace EdgeSecurity.Modbus;

public enum FrameRejectionReason
{
    /// <summary>Fewer bytes than the header announces, or than any frame has.</summary>
    TooShort,

    /// <summary>More than 256 bytes without a pause: usually a wrong baud rate or a noisy line.</summary>
    TooLong,
    BadCrc,

    /// <summary>An answer from another slave than the one asked.</summary>
    WrongSlave,
    WrongFunction,

    /// <summary>A length that does not fit the function (byte count, register count).</summary>
    WrongLength,

    /// <summary>A write was acknowledged for another address, value or count than requested.</summary>
    WrongEcho,

    /// <summary>Bytes where the bus should have been silent: a late answer, noise, or a frame with trailing garbage.</summary>
    StrayBytes,
}

/// <summary>Why received bytes were not accepted as a frame, with the bytes themselves in hex (at most 32).</summary>
public sealed record FrameRejection(FrameRejectionReason Reason, string Detail, string Bytes)
{
    private const int BytesShown = 32;

    public static FrameRejection Of(FrameRejectionReason reason, string detail, ReadOnlySpan<byte> bytes)
    {
        var hex = Convert.ToHexString(bytes[..Math.Min(bytes.Length, BytesShown)]);
        var spaced = string.Join(' ', Enumerable.Range(0, hex.Length / 2).Select(i => hex.Substring(i * 2, 2)));
        return new FrameRejection(reason, detail, bytes.Length > BytesShown ? spaced + " …" : spaced);
    }

    public override string ToString() => Bytes.Length == 0 ? Detail : $"{Detail} [{Bytes}]";
}
