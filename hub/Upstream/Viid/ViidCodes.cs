using System.Globalization;

namespace EdgeSecurity.Upstream.Viid;

/// <summary>
/// The 20-digit codes of GB/T 28181-2016 Appendix D (coding rule A), which GA/T 1400 uses for every device, platform and
/// 视图库 (DeviceID, ApeID, User-Identify):
/// <code>
/// digits  1–6   administrative division (GB/T 2260), e.g. 330212 宁波市鄞州区
/// digits  7–8   grass-roots unit (基层接入单位) under it, 00 when none
/// digits  9–10  industry (行业编码), e.g. 01 社会治安社区接入
/// digits 11–13  type (类型编码), e.g. 132 network camera (IPC), 200 platform (中心信令控制服务器)
/// digit  14     network (网络标识): 0–4 video/alarm private network, 5 公安信息网, 6 政务网, 7 Internet, 8 社会资源接入网
/// digits 15–20  serial number
/// </code>
/// </summary>
public static class ViidCodes
{
    public const string PlatformType = "200";
    public const string NetworkCameraType = "132";

    /// <exception cref="ArgumentException">A segment has the wrong length or is not digits.</exception>
    public static string DeviceCode(string region, string unit, string industry, string type, char network, int serial)
    {
        Digits(region, 6, nameof(region));
        Digits(unit, 2, nameof(unit));
        Digits(industry, 2, nameof(industry));
        Digits(type, 3, nameof(type));
        if (!char.IsAsciiDigit(network))
            throw new ArgumentException($"network '{network}' must be one digit", nameof(network));
        ArgumentOutOfRangeException.ThrowIfNegative(serial);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, 999_999);
        return string.Create(CultureInfo.InvariantCulture, $"{region}{unit}{industry}{type}{network}{serial:D6}");
    }

    public static bool IsDeviceCode(string? code) => code is { Length: 20 } && code.All(char.IsAsciiDigit);

    internal static void Digits(string value, int length, string name)
    {
        if (value is null || value.Length != length || !value.All(char.IsAsciiDigit))
            throw new ArgumentException($"{name} '{value}' must be {length} digits", name);
    }
}

/// <summary>GA/T 1400 object kinds in the 48-digit object ids (our reading of GA/T 1400.3; see README).</summary>
public enum ViidObjectKind
{
    Person = 1,
    MotorVehicle = 2,
    NonMotorVehicle = 3,
    Face = 6,
}

/// <summary>
/// Ids of images and structured objects, built on the capturing device's 20-digit code:
/// <code>
/// image (ImageID, SourceID)     41 = device code (20) + "02" (image) + capture time yyyyMMddHHmmss (14) + serial (5)
/// subscription (SubscribeID)    41 = our platform code (20) + "03" + creation time (14) + serial (5)
/// object (PersonID, MotorVehicleID, NonMotorVehicleID, FaceID)
///                               48 = its source image id (41) + kind (2: 01 person, 02 motor vehicle, 03 non-motor, 06 face) + serial (5)
/// </code>
/// Serials count per generator and wrap at 100000; an id is made once, kept with the object and reused for every
/// retry, so a re-sent object is the same object to the 视图库.
/// </summary>
public sealed class ViidIdGenerator(TimeSpan localOffset)
{
    private int _serial;

    public string ImageId(string deviceCode, DateTimeOffset shotTime) => Timed(deviceCode, "02", shotTime);

    public string SubscribeId(string platformCode, DateTimeOffset createdAt) => Timed(platformCode, "03", createdAt);

    public string ObjectId(string sourceImageId, ViidObjectKind kind) => ObjectId(sourceImageId, kind, NextSerial());

    /// <summary>The image id with a given serial (0-99999), for ids derived from something the caller keeps, e.g. an object's UUID.</summary>
    public string ImageId(string deviceCode, DateTimeOffset shotTime, int serial) => Timed(deviceCode, "02", shotTime, serial);

    /// <summary>The object id with a given serial (0-99999).</summary>
    public static string ObjectId(string sourceImageId, ViidObjectKind kind, int serial)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(serial);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, 99_999);
        if (sourceImageId is not { Length: 41 } || !sourceImageId.All(char.IsAsciiDigit))
            throw new ArgumentException($"source image id '{sourceImageId}' must be 41 digits", nameof(sourceImageId));
        return string.Create(CultureInfo.InvariantCulture, $"{sourceImageId}{(int)kind:D2}{serial:D5}");
    }

    private string Timed(string code, string subtype, DateTimeOffset at) => Timed(code, subtype, at, NextSerial());

    private string Timed(string code, string subtype, DateTimeOffset at, int serial)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(serial);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, 99_999);
        if (!ViidCodes.IsDeviceCode(code))
            throw new ArgumentException($"device code '{code}' must be 20 digits", nameof(code));
        return string.Create(CultureInfo.InvariantCulture, $"{code}{subtype}{ViidTime.Format(at, localOffset)}{serial:D5}");
    }

    private int NextSerial() => (Interlocked.Increment(ref _serial) & int.MaxValue) % 100_000;
}

/// <summary>GA/T 1400 times: <c>yyyyMMddHHmmss</c> in the platform's local time (China: UTC+8), no zone on the wire.</summary>
public static class ViidTime
{
    public const string Pattern = "yyyyMMddHHmmss";

    public static string Format(DateTimeOffset time, TimeSpan localOffset) =>
        time.ToOffset(localOffset).ToString(Pattern, CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, TimeSpan localOffset, out DateTimeOffset time)
    {
        time = default;
        if (!DateTime.TryParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return false;
        time = new DateTimeOffset(local, localOffset);
        return true;
    }
}
