using System.Buffers.Binary;

namespace EdgeSecurity.Hub.SitePlans;

/// <summary>A site plan picture the hub accepted: PNG or JPEG, by its own bytes, with the size its header declares.</summary>
public sealed record PlanImage(string ContentType, int Width, int Height, byte[] Data);

/// <summary>Why an upload or a change of the plan was refused: the API's error code and a message in zh-CN and English.</summary>
public sealed record SitePlanError(string Error, string Message);

/// <summary>
/// Checks an uploaded plan by its magic bytes and header, never by the Content-Type the browser claims. SVG is refused,
/// not sanitised: it is XML that can carry scripts, event handlers and references to other sites, served from the
/// hub's own origin it would run with an operator's session, and cleaning it safely needs a full allow-list parser
/// for a format whose extensions keep growing. A PNG or JPEG is only ever drawn as pixels.
/// </summary>
public static class PlanImages
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxSide = 8192;

    // A plan is shown whole in a browser: beyond this many pixels it costs control-room PCs memory for nothing.
    public const long MaxPixels = 40_000_000;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] PngEnd = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];

    public static (PlanImage? Image, SitePlanError? Refusal) Read(byte[] data, string? declaredType)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length > MaxBytes)
            return Refuse("too_large", $"平面图不能超过 {MaxBytes / 1024 / 1024} MB。 A plan is at most {MaxBytes / 1024 / 1024} MB.");
        if (LooksLikeSvg(data, declaredType))
            return Refuse("svg_refused", "不接受 SVG 平面图（可能含脚本和外部引用），请导出为 PNG 或 JPEG。 SVG plans are refused (they can carry scripts and outside references): export the plan as PNG or JPEG.");
        var size = data.AsSpan().StartsWith(PngSignature) ? PngSize(data)
            : data.Length > 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF ? JpegSize(data)
            : null;
        if (size is not { } found)
            return Refuse("unsupported_image", "只接受 PNG 或 JPEG 图片（文件内容无法识别或已损坏）。 Only PNG or JPEG pictures are accepted (the file is neither, or damaged).");
        var (type, width, height) = found;
        if (width < 1 || height < 1 || width > MaxSide || height > MaxSide || (long)width * height > MaxPixels)
            return Refuse("invalid_dimensions", $"图片尺寸 {width}×{height} 不可用：每边 1–{MaxSide} 像素，总计不超过 {MaxPixels / 1_000_000} 百万像素。 Dimensions {width}×{height} are not usable: 1–{MaxSide} pixels a side, at most {MaxPixels / 1_000_000} megapixels.");
        return (new PlanImage(type, width, height, data), null);
    }

    private static (PlanImage?, SitePlanError?) Refuse(string error, string message) => (null, new SitePlanError(error, message));

    private static bool LooksLikeSvg(byte[] data, string? declaredType)
    {
        if (declaredType?.Split(';')[0].Trim().Equals("image/svg+xml", StringComparison.OrdinalIgnoreCase) == true)
            return true;
        var head = System.Text.Encoding.UTF8.GetString(data, 0, Math.Min(data.Length, 1024)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return head.StartsWith('<') && head.Contains("<svg", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The IHDR chunk must come first and the file must end with IEND: a cut-off upload is refused.</summary>
    private static (string, int, int)? PngSize(byte[] data)
    {
        if (data.Length < 33 + PngEnd.Length || !data.AsSpan(12, 4).SequenceEqual("IHDR"u8) || BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(8)) != 13
            || !data.AsSpan(data.Length - PngEnd.Length).SequenceEqual(PngEnd))
            return null;
        var width = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(16));
        var height = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(20));
        return ("image/png", (int)Math.Min(width, int.MaxValue), (int)Math.Min(height, int.MaxValue));
    }

    /// <summary>Walks the JPEG's marker segments to its frame header (SOF0–SOF15 but DHT, JPG and DAC), before any scan.</summary>
    private static (string, int, int)? JpegSize(byte[] data)
    {
        var i = 2;
        while (i + 4 <= data.Length)
        {
            if (data[i] != 0xFF)
                return null;
            var marker = data[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }
            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2;
                continue;
            }
            if (marker is 0xD9 or 0xDA)
                return null;
            var length = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(i + 2));
            if (length < 2 || i + 2 + length > data.Length)
                return null;
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (length < 7)
                    return null;
                return ("image/jpeg", BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(i + 7)), BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(i + 5)));
            }
            i += 2 + length;
        }
        return null;
    }
}
