namespace EdgeSecurity.Contract;

/// <summary>What a structured object is, in the terms of GA/T 1400 (人员 / 机动车 / 非机动车).</summary>
public enum ObjectKind { Person, MotorVehicle, NonMotorVehicle }

public static class ObjectKinds
{
    public static string Code(ObjectKind kind) => kind switch
    {
        ObjectKind.Person => "person",
        ObjectKind.MotorVehicle => "motor_vehicle",
        ObjectKind.NonMotorVehicle => "non_motor_vehicle",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static ObjectKind? Parse(string? code) => code switch
    {
        "person" => ObjectKind.Person,
        "motor_vehicle" => ObjectKind.MotorVehicle,
        "non_motor_vehicle" => ObjectKind.NonMotorVehicle,
        _ => null,
    };

    /// <summary>The kind of a detector label of the COCO classes the shipped models know; null for labels that are no structured object.</summary>
    public static ObjectKind? OfLabel(string label) => label switch
    {
        "person" => ObjectKind.Person,
        "car" or "truck" or "bus" => ObjectKind.MotorVehicle,
        "bicycle" or "motorcycle" => ObjectKind.NonMotorVehicle,
        _ => null,
    };
}

/// <summary>
/// Where the object is in its frame (pixels of the analysed frame, <see cref="FrameWidth"/> × <see cref="FrameHeight"/>):
/// right and bottom exclusive, within the frame, at least one pixel wide and high.
/// </summary>
public sealed record ObjectBox(int Left, int Top, int Right, int Bottom, int FrameWidth, int FrameHeight);

/// <summary>
/// The object's picture: a JPEG crop of the frame around its box with faces pixelated, kept in the gateway's evidence
/// store under <see cref="Uri"/> (<c>evidence://{gateway}/snapshots/{uuid}.jpg</c>) and carried here, so the hub stores
/// it like an evidence upload.
/// </summary>
public sealed record ObjectImage(string Uri, string Sha256, int Width, int Height, ReadOnlyMemory<byte> Data);

/// <summary>
/// A person, motor vehicle or non-motor vehicle a camera's tracker confirmed, once per track: on
/// <c>es/v1/{community}/{gateway}/objects/{camera}</c>. <see cref="ObjectId"/> (a UUID) makes a redelivery the same
/// object. <see cref="Direction"/> is the heading of travel in image terms (<c>up</c>, <c>down_left</c>, ...) or null
/// when the object stands.
/// </summary>
public sealed record StructuredObject(
    Guid ObjectId,
    string GatewayId,
    string DeviceId,
    ObjectKind Kind,
    string Label,
    long TrackId,
    DateTimeOffset At,
    ObjectBox Box,
    double Confidence,
    string? Direction,
    ObjectImage Image);
