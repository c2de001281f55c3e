namespace EdgeSecurity.Video;

/// <summary>An 8-bit colour, written into a frame in the frame's own channel order.</summary>
public readonly record struct Colour(byte R, byte G, byte B)
{
    public static Colour Red { get; } = new(230, 40, 40);
    public static Colour Yellow { get; } = new(250, 210, 30);
    public static Colour White { get; } = new(255, 255, 255);
    public static Colour Black { get; } = new(0, 0, 0);

    /// <summary>Distinct, saturated colours for objects: a track keeps its colour from snapshot to snapshot.</summary>
    public static IReadOnlyList<Colour> Palette { get; } =
    [
        new(60, 200, 60), new(40, 150, 255), new(255, 140, 0), new(200, 60, 220), new(0, 200, 200), new(255, 90, 150), new(150, 200, 40),
    ];
}
