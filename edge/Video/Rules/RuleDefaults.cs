using EdgeSecurity.Contract;

namespace EdgeSecurity.Video;

/// <summary>The event type of each rule kind and the classes it watches unless configured otherwise (COCO-80 labels; the fire model's labels).</summary>
public static class RuleDefaults
{
    public static EventType EventType(RuleKind kind) => kind switch
    {
        RuleKind.PerimeterIntrusion or RuleKind.LineCrossing => EventTypes.PerimeterIntrusion,
        RuleKind.Loitering => EventTypes.Loitering,
        RuleKind.CrowdGathering => EventTypes.CrowdGathering,
        RuleKind.FireLaneBlocked => EventTypes.FireLaneBlocked,
        RuleKind.EbikeInLift => EventTypes.EbikeInLift,
        RuleKind.VisibleFlame => EventTypes.VisibleFlame,
        RuleKind.VisibleSmoke => EventTypes.VisibleSmoke,
        RuleKind.ObjectThrown => EventTypes.ObjectThrown,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static IReadOnlyList<string> Classes(RuleKind kind) => kind switch
    {
        RuleKind.FireLaneBlocked => ["car", "truck", "bus", "motorcycle"],
        RuleKind.EbikeInLift => ["bicycle", "motorcycle"],
        RuleKind.VisibleFlame => ["small_flame", "flame", "fire"],
        RuleKind.VisibleSmoke => ["smoke"],
        RuleKind.ObjectThrown => [],
        _ => ["person"],
    };

    /// <summary>Kinds that need a zone, and which kind of zone.</summary>
    public static ZoneKind? RequiredZone(RuleKind kind) => kind switch
    {
        RuleKind.LineCrossing => ZoneKind.Line,
        RuleKind.PerimeterIntrusion or RuleKind.Loitering or RuleKind.FireLaneBlocked or RuleKind.EbikeInLift => ZoneKind.Area,
        _ => null,
    };

    /// <summary>Whether the kind reads detections (so its camera needs a model); object thrown works on motion alone.</summary>
    public static bool NeedsDetector(RuleKind kind) => kind != RuleKind.ObjectThrown;
}
