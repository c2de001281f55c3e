namespace EdgeSecurity.Video;

public enum RuleKind
{
    /// <summary>A person (or other listed class) inside an area zone while the schedule is armed: security.perimeter_intrusion.</summary>
    PerimeterIntrusion,

    /// <summary>An object crossing a line zone, optionally in one direction, while armed: security.perimeter_intrusion.</summary>
    LineCrossing,

    /// <summary>A person inside an area zone longer than the duration: security.loitering.</summary>
    Loitering,

    /// <summary>At least MinPersons persons in the zone (or the frame) for the duration: security.crowd_gathering.</summary>
    CrowdGathering,

    /// <summary>A vehicle stationary inside the zone for the duration: fire.fire_lane_blocked.</summary>
    FireLaneBlocked,

    /// <summary>A bicycle or motorcycle inside a lift zone: fire.ebike_in_lift.</summary>
    EbikeInLift,

    /// <summary>A flame seen by a fire model in MinFrames detections in a row: fire.visible_flame.</summary>
    VisibleFlame,

    /// <summary>Smoke seen by a fire model in MinFrames detections in a row: fire.visible_smoke.</summary>
    VisibleSmoke,

    /// <summary>A small object falling (accelerating downward) across MinFloors floors, from motion alone: security.object_thrown.</summary>
    ObjectThrown,
}

/// <summary>One rule of one camera as configured. Which fields matter depends on the kind; the rest are ignored.</summary>
public sealed record RuleDefinition(string Name, RuleKind Kind)
{
    /// <summary>The zone the rule watches; crowd gathering and the fire rules may leave it out for the whole frame.</summary>
    public string? Zone { get; init; }

    /// <summary>Labels of the objects that count; null keeps the kind's default (see <see cref="RuleDefaults"/>).</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>Loitering, crowd gathering and fire lane: how long the condition must hold before it alerts.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Crowd gathering: this many persons or more.</summary>
    public int MinPersons { get; init; } = 5;

    /// <summary>Line crossing: the direction that alerts, or <see cref="LineCrossing.None"/> for both.</summary>
    public LineCrossing Direction { get; init; } = LineCrossing.None;

    /// <summary>Perimeter and line crossing: when they are armed; null for always.</summary>
    public ArmingSchedule? Schedule { get; init; }

    /// <summary>How long the condition must be gone before the alert is cleared and a recurrence makes a new alert.</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Least time between two updates of one open alert.</summary>
    public TimeSpan UpdateInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Fire rules: detections in a row before it alerts (one frame is too easily a reflection).</summary>
    public int MinFrames { get; init; } = 2;

    /// <summary>Object thrown: the height of one storey of the facade, in frame pixels.</summary>
    public float FloorHeight { get; init; }

    /// <summary>Object thrown: storeys the object must fall across.</summary>
    public int MinFloors { get; init; } = 2;
}
