using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace EdgeSecurity.Dashboard.Tests.Infrastructure;

/// <summary>
/// Site plans for tests: a real PNG (a pale ground with darker building blocks, what a scanned plan looks like), written
/// by a minimal encoder so the tests need no image library; and the SVG and broken files the hub must refuse.
/// </summary>
public static class PlanPictures
{
    private static readonly uint[] CrcTable = [.. Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
            c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    })];

    /// <summary>An RGB PNG of <paramref name="width"/>×<paramref name="height"/> with four buildings drawn as blocks.</summary>
    public static byte[] Png(int width, int height)
    {
        var rows = new byte[height * (1 + width * 3)];
        for (var y = 0; y < height; y++)
        {
            var row = y * (1 + width * 3);
            for (var x = 0; x < width; x++)
            {
                var building = (x * 5 / width) % 2 == 1 && y > height / 5 && y < height * 4 / 5;
                rows[row + 1 + x * 3] = building ? (byte)0x9F : (byte)0xE8;
                rows[row + 2 + x * 3] = building ? (byte)0xB3 : (byte)0xF0;
                rows[row + 3 + x * 3] = building ? (byte)0xC8 : (byte)0xE0;
            }
        }
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            zlib.Write(rows);

        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        header[8] = 8;
        header[9] = 2;
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A PNG whose header claims another size (its pixels do not matter: the hub reads the header only).</summary>
    public static byte[] PngClaiming(int width, int height)
    {
        var png = Png(4, 4);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), (uint)height);
        return png;
    }

    public static byte[] Svg => Encoding.UTF8.GetBytes(
        "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\"><script>alert(document.cookie)</script><rect width=\"100\" height=\"100\"/></svg>");

    public static string Jpeg => Path.Combine(RepositoryLayout.SharedDirectory, "media", "vtest_frame_t20s.jpg");

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(number, (uint)data.Length);
        png.Write(number);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = 0xFFFFFFFFu;
        foreach (var b in typed)
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        BinaryPrimitives.WriteUInt32BigEndian(number, crc ^ 0xFFFFFFFFu);
        png.Write(number);
    }
}
