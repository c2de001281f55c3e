using System.Text.Json.Serialization;

namespace EdgeSecurity.Upstream.Viid;

// GA/T 1400.3 objects as they travel (application/VIID+JSON): property names are the standard's field names, so no
// naming policy applies. Optional fields are null and left out. Times are ViidTime strings (yyyyMMddHHmmss, local).

/// <summary>One image attached to an object (SubImageList.SubImageInfoObject), Base64 JPEG in <see cref="Data"/>.</summary>
public sealed record SubImageInfo
{
    public required string ImageID { get; init; }

    public int? EventSort { get; init; }

    public required string DeviceID { get; init; }

    public string? StoragePath { get; init; }

    /// <summary>Image type code: 14 scene (场景图), 11 face, 10 person, 01 vehicle, 12 non-motor vehicle (see README).</summary>
    public required string Type { get; init; }

    public string FileFormat { get; init; } = "Jpeg";

    public required string ShotTime { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }

    public string? Data { get; init; }
}

public sealed record SubImageList(IReadOnlyList<SubImageInfo> SubImageInfoObject);

public sealed record PersonObject
{
    public required string PersonID { get; init; }

    /// <summary>0 other, 1 automatic (our analytics), 2 manual.</summary>
    public int InfoKind { get; init; } = 1;

    public required string SourceID { get; init; }

    public required string DeviceID { get; init; }

    public required int LeftTopX { get; init; }

    public required int LeftTopY { get; init; }

    public required int RightBtmX { get; init; }

    public required int RightBtmY { get; init; }

    public string? LocationMarkTime { get; init; }

    public string? PersonAppearTime { get; init; }

    public string? PersonDisAppearTime { get; init; }

    public string? GenderCode { get; init; }

    public int? AgeUpLimit { get; init; }

    public int? AgeLowerLimit { get; init; }

    public SubImageList? SubImageList { get; init; }
}

public sealed record MotorVehicleObject
{
    public required string MotorVehicleID { get; init; }

    public int InfoKind { get; init; } = 1;

    public required string SourceID { get; init; }

    public string? TollgateID { get; init; }

    public required string DeviceID { get; init; }

    public required string StorageUrl1 { get; init; }

    public required int LeftTopX { get; init; }

    public required int LeftTopY { get; init; }

    public required int RightBtmX { get; init; }

    public required int RightBtmY { get; init; }

    public string? LaneNo { get; init; }

    public required bool HasPlate { get; init; }

    public string? PlateClass { get; init; }

    public string? PlateColor { get; init; }

    public string? PlateNo { get; init; }

    public string? VehicleClass { get; init; }

    public string? VehicleColor { get; init; }

    public string? PassTime { get; init; }

    public SubImageList? SubImageList { get; init; }
}

public sealed record NonMotorVehicleObject
{
    public required string NonMotorVehicleID { get; init; }

    public int InfoKind { get; init; } = 1;

    public required string SourceID { get; init; }

    public required string DeviceID { get; init; }

    public required int LeftTopX { get; init; }

    public required int LeftTopY { get; init; }

    public required int RightBtmX { get; init; }

    public required int RightBtmY { get; init; }

    public required bool HasPlate { get; init; }

    public string? PlateNo { get; init; }

    public string? VehicleColor { get; init; }

    public string? AppearTime { get; init; }

    public SubImageList? SubImageList { get; init; }
}

/// <summary>A capture device (采集设备) of the device directory.</summary>
public sealed record ApeObject
{
    public required string ApeID { get; init; }

    public required string Name { get; init; }

    public required string Model { get; init; }

    public required string IPAddr { get; init; }

    public required int Port { get; init; }

    public required double Longitude { get; init; }

    public required double Latitude { get; init; }

    /// <summary>Administrative division of the place (GB/T 2260, 6 digits; 12 with the street/community level).</summary>
    public required string PlaceCode { get; init; }

    public string? Place { get; init; }

    public string? OrgCode { get; init; }

    public string? CapDirection { get; init; }

    public string? MonitorDirection { get; init; }

    public string? MonitorAreaDesc { get; init; }

    /// <summary>"1" online, "2" offline.</summary>
    public required string IsOnline { get; init; }
}

/// <summary>A subscription (视图库订阅). <see cref="OperateType"/> 0 subscribes, 1 cancels.</summary>
public sealed record SubscribeObject
{
    public required string SubscribeID { get; init; }

    public required string Title { get; init; }

    /// <summary>Comma-separated codes: 3 device directory, 7 卡口 directory, 11 persons, 12 faces, 13 motor vehicles, 14 non-motor vehicles.</summary>
    public required string SubscribeDetail { get; init; }

    public required string ResourceURI { get; init; }

    public required string ApplicantName { get; init; }

    public required string ApplicantOrg { get; init; }

    public required string BeginTime { get; init; }

    public required string EndTime { get; init; }

    public required string ReceiveAddr { get; init; }

    public int? ReportInterval { get; init; }

    public required string Reason { get; init; }

    public int OperateType { get; init; }

    public int? SubscribeStatus { get; init; }

    /// <summary>1 卡口, 2 capture devices, 4 视图库.</summary>
    public int ResourceClass { get; init; } = 4;
}

/// <summary>A notification pushed to a subscriber's ReceiveAddr.</summary>
public sealed record SubscribeNotificationObject
{
    public required string NotificationID { get; init; }

    public required string SubscribeID { get; init; }

    public string? Title { get; init; }

    public required string TriggerTime { get; init; }

    public string? InfoIDs { get; init; }

    public PersonListObject? PersonObjectList { get; init; }

    public MotorVehicleListObject? MotorVehicleObjectList { get; init; }

    public NonMotorVehicleListObject? NonMotorVehicleObjectList { get; init; }

    public ApeListObject? DeviceList { get; init; }
}

public sealed record PersonListObject(IReadOnlyList<PersonObject> PersonObject);

public sealed record MotorVehicleListObject(IReadOnlyList<MotorVehicleObject> MotorVehicleObject);

public sealed record NonMotorVehicleListObject(IReadOnlyList<NonMotorVehicleObject> NonMotorVehicleObject);

public sealed record ApeListObject([property: JsonPropertyName("APEObject")] IReadOnlyList<ApeObject> ApeObjects);

public sealed record SubscribeListObject(IReadOnlyList<SubscribeObject> SubscribeObject);

public sealed record SubscribeNotificationListObject(IReadOnlyList<SubscribeNotificationObject> SubscribeNotificationObject);

/// <summary>The answer to every GA/T 1400 request. <see cref="StatusCode"/> 0 is success.</summary>
public sealed record ResponseStatusObject(string? Id, string? RequestURL, int StatusCode, string? StatusString, string? LocalTime);
