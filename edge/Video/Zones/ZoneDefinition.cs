namespace EdgeSecurity.Video;

public enum ZoneKind
{
    /// <summary>A polygon: rules ask whether an object stands inside it.</summary>
    Area,

    /// <summary>A tripwire of two points: rules ask whether an object crossed it, and which way.</summary>
    Line,
}

public enum ZoneUnits
{
    /// <summary>Pixels of the frame the camera is decoded to (the detect size).</summary>
    Pixels,

    /// <summary>Fractions of the frame's width and height, 0 to 1: the zone survives a change of detect size.</summary>
    Relative,
}

/// <summary>A zone as configured, before it is checked against the camera's frame size.</summary>
public sealed record ZoneDefinition(string Name, ZoneKind Kind, IReadOnlyList<PixelPoint> Points, ZoneUnits Units = ZoneUnits.Pixels);
