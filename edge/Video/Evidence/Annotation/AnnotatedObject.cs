namespace EdgeSecurity.Video;

/// <summary>
/// An object to outline on evidence, in frame pixels: its label reads e.g. <c>PERSON #12 0.84</c>. Plain values, so a
/// detector, a tracker or a rule can hand over what it has. <paramref name="Alert"/> draws it in the alert colour.
/// </summary>
public sealed record AnnotatedObject(BoundingBox Box, string ClassName, float Score, int? TrackId = null, bool Alert = false);
