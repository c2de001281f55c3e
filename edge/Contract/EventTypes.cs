namespace EdgeSecurity.Contract;

public enum EventFamily { Fire, Security, Care, Health }

/// <summary>三级预警: 1 notice (提示), 2 warning (预警), 3 alarm (报警).</summary>
public enum WarningLevel { Notice = 1, Warning = 2, Alarm = 3 }

/// <summary>An event type of the v1 contract with the level it has unless the edge raises it.</summary>
public sealed record EventType(string Code, EventFamily Family, WarningLevel DefaultLevel, string NameZh, string NameEn);

/// <summary>
/// Every event type an edge may report. The list is closed per contract version so that the hub,
/// the dashboard and upstream mappings never meet a type they cannot name.
/// </summary>
public static class EventTypes
{
    public static readonly EventType SmokeAlarm = new("fire.smoke_alarm", EventFamily.Fire, WarningLevel.Warning, "烟感报警", "Smoke alarm");
    public static readonly EventType DetectorFault = new("fire.detector_fault", EventFamily.Fire, WarningLevel.Notice, "探测器故障", "Detector fault");
    public static readonly EventType LowBattery = new("fire.low_battery", EventFamily.Fire, WarningLevel.Notice, "电池欠压", "Low battery");
    public static readonly EventType VisibleSmoke = new("fire.visible_smoke", EventFamily.Fire, WarningLevel.Warning, "视频识别烟雾", "Smoke seen by camera");
    public static readonly EventType VisibleFlame = new("fire.visible_flame", EventFamily.Fire, WarningLevel.Warning, "视频识别明火", "Flame seen by camera");
    public static readonly EventType ConfirmedFire = new("fire.confirmed", EventFamily.Fire, WarningLevel.Alarm, "确认火警", "Confirmed fire");
    public static readonly EventType EbikeInLift = new("fire.ebike_in_lift", EventFamily.Fire, WarningLevel.Warning, "电动车进电梯", "E-bike entering a lift");
    public static readonly EventType EbikeInCorridor = new("fire.ebike_in_corridor", EventFamily.Fire, WarningLevel.Notice, "楼道停放电动车", "E-bike in a corridor");
    public static readonly EventType FireLaneBlocked = new("fire.fire_lane_blocked", EventFamily.Fire, WarningLevel.Notice, "消防通道占用", "Fire lane blocked");
    public static readonly EventType DoorForcedOpen = new("security.door_forced_open", EventFamily.Security, WarningLevel.Warning, "门被强行打开", "Door forced open");
    public static readonly EventType DoorHeldOpen = new("security.door_held_open", EventFamily.Security, WarningLevel.Notice, "门长时间未关", "Door held open");
    public static readonly EventType DoorTamper = new("security.door_tamper", EventFamily.Security, WarningLevel.Warning, "门磁防拆/线路故障", "Door tamper or line fault");
    public static readonly EventType PerimeterIntrusion = new("security.perimeter_intrusion", EventFamily.Security, WarningLevel.Warning, "周界入侵", "Perimeter intrusion");
    public static readonly EventType Loitering = new("security.loitering", EventFamily.Security, WarningLevel.Notice, "人员徘徊", "Loitering");
    public static readonly EventType CrowdGathering = new("security.crowd_gathering", EventFamily.Security, WarningLevel.Warning, "人员聚集", "Crowd gathering");
    public static readonly EventType Climbing = new("security.climbing", EventFamily.Security, WarningLevel.Warning, "攀爬", "Climbing");
    public static readonly EventType ObjectThrown = new("security.object_thrown", EventFamily.Security, WarningLevel.Warning, "高空抛物", "Object thrown from height");
    public static readonly EventType NoActivity = new("care.no_activity", EventFamily.Care, WarningLevel.Warning, "独居老人无活动", "No activity at an elderly resident's home");
    public static readonly EventType CameraOffline = new("health.camera_offline", EventFamily.Health, WarningLevel.Notice, "摄像机离线", "Camera offline");
    public static readonly EventType CameraBlinded = new("health.camera_blinded", EventFamily.Health, WarningLevel.Notice, "摄像机遮挡", "Camera blinded");
    public static readonly EventType CameraMoved = new("health.camera_moved", EventFamily.Health, WarningLevel.Notice, "摄像机移位", "Camera moved");
    public static readonly EventType SensorOffline = new("health.sensor_offline", EventFamily.Health, WarningLevel.Notice, "传感器离线", "Sensor offline");

    public static IReadOnlyList<EventType> All { get; } =
    [
        SmokeAlarm, DetectorFault, LowBattery, VisibleSmoke, VisibleFlame, ConfirmedFire, EbikeInLift, EbikeInCorridor, FireLaneBlocked,
        DoorForcedOpen, DoorHeldOpen, DoorTamper, PerimeterIntrusion, Loitering, CrowdGathering, Climbing, ObjectThrown,
        NoActivity,
        CameraOffline, CameraBlinded, CameraMoved, SensorOffline,
    ];

    private static readonly Dictionary<string, EventType> ByCode = All.ToDictionary(t => t.Code, StringComparer.Ordinal);

    public static EventType? Find(string code) => ByCode.GetValueOrDefault(code);
}
