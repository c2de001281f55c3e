using System.Net;
using System.Text.Json;

namespace EdgeSecurity.Upstream.Tests.Viid;

/// <summary>
/// The test 视图库's checks of uploaded objects, written from the published GA/T 1400.3 field lists (not from our
/// DTOs, so a wrong field name on our side fails here). Returns null when the object is acceptable, else why not.
/// The fields checked are the ones hub/Upstream/README.md lists as required.
/// </summary>
internal static class ViidObjectRules
{
    public static string? Person(JsonElement o) =>
        Id(o, "PersonID") ?? Common(o, "PersonID") ?? Images(o, required: true);

    public static string? MotorVehicle(JsonElement o) =>
        Id(o, "MotorVehicleID") ?? Common(o, "MotorVehicleID") ?? NonEmpty(o, "StorageUrl1") ?? Plate(o) ?? Images(o, required: false);

    public static string? NonMotorVehicle(JsonElement o) =>
        Id(o, "NonMotorVehicleID") ?? Common(o, "NonMotorVehicleID") ?? Plate(o) ?? Images(o, required: false);

    public static string? Ape(JsonElement o)
    {
        if (Digits(o, "ApeID", 20) is { } id)
            return id;
        if ((NonEmpty(o, "Name") ?? NonEmpty(o, "Model")) is { } text)
            return text;
        if (!o.TryGetProperty("IPAddr", out var ip) || ip.ValueKind != JsonValueKind.String || !IPAddress.TryParse(ip.GetString(), out _))
            return "IPAddr must be an IP address";
        if (!o.TryGetProperty("Port", out var port) || port.ValueKind != JsonValueKind.Number || port.GetInt32() is < 1 or > 65535)
            return "Port must be 1-65535";
        if (!InRange(o, "Longitude", 180) || !InRange(o, "Latitude", 90))
            return "Longitude/Latitude are required and within ±180/±90";
        if (!o.TryGetProperty("PlaceCode", out var place) || place.GetString() is not { Length: 6 or 12 } code || !code.All(char.IsAsciiDigit))
            return "PlaceCode must be 6 or 12 digits (GB/T 2260)";
        return Text(o, "IsOnline") is "1" or "2" ? null : "IsOnline must be \"1\" or \"2\"";
    }

    private static string? Common(JsonElement o, string idField)
    {
        if ((Digits(o, "SourceID", 41) ?? Digits(o, "DeviceID", 20)) is { } error)
            return error;
        if (!Text(o, idField)!.StartsWith(Text(o, "SourceID")!, StringComparison.Ordinal))
            return $"{idField} must begin with its SourceID";
        if (!o.TryGetProperty("InfoKind", out var kind) || kind.ValueKind != JsonValueKind.Number || kind.GetInt32() is < 0 or > 2)
            return "InfoKind must be 0, 1 or 2";
        int Coordinate(string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : -1;
        var (left, top, right, bottom) = (Coordinate("LeftTopX"), Coordinate("LeftTopY"), Coordinate("RightBtmX"), Coordinate("RightBtmY"));
        return left < 0 || top < 0 || right <= left || bottom <= top ? "LeftTopX/Y and RightBtmX/Y must give a box" : null;
    }

    private static string? Plate(JsonElement o)
    {
        if (!o.TryGetProperty("HasPlate", out var has) || has.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            return "HasPlate is required";
        return has.GetBoolean() && string.IsNullOrEmpty(Text(o, "PlateNo")) ? "PlateNo is required when HasPlate" : null;
    }

    private static string? Images(JsonElement o, bool required)
    {
        if (!o.TryGetProperty("SubImageList", out var list) || !list.TryGetProperty("SubImageInfoObject", out var images) || images.GetArrayLength() == 0)
            return required ? "SubImageList with at least one SubImageInfoObject is required" : null;
        foreach (var image in images.EnumerateArray())
        {
            if ((Digits(image, "ImageID", 41) ?? Digits(image, "DeviceID", 20) ?? Digits(image, "ShotTime", 14) ?? Digits(image, "Type", 2) ?? NonEmpty(image, "FileFormat")) is { } error)
                return $"SubImageInfoObject: {error}";
            if (!image.TryGetProperty("Width", out var w) || w.GetInt32() <= 0 || !image.TryGetProperty("Height", out var h) || h.GetInt32() <= 0)
                return "SubImageInfoObject: Width and Height must be positive";
            byte[] data;
            try
            {
                data = Convert.FromBase64String(Text(image, "Data") ?? "");
            }
            catch (FormatException)
            {
                return "SubImageInfoObject: Data is not Base64";
            }
            if (data is not [0xFF, 0xD8, ..])
                return "SubImageInfoObject: Data is not a JPEG";
        }
        return null;
    }

    private static string? Id(JsonElement o, string name) => Digits(o, name, 48);

    private static string? Digits(JsonElement o, string name, int length) =>
        Text(o, name) is { } value && value.Length == length && value.All(char.IsAsciiDigit) ? null : $"{name} must be {length} digits";

    private static string? NonEmpty(JsonElement o, string name) => string.IsNullOrEmpty(Text(o, name)) ? $"{name} is required" : null;

    private static bool InRange(JsonElement o, string name, double limit) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && Math.Abs(v.GetDouble()) <= limit;

    private static string? Text(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
