using EdgeSecurity.Upstream.Privacy;

namespace EdgeSecurity.Upstream.Viid;

/// <summary>SubImageInfo objects whose Data went through the upstream's image policy (blurred unless it is a police platform, audited when not).</summary>
public static class ViidSubImages
{
    public const string SceneImage = "14";
    public const string FaceImage = "11";
    public const string PersonImage = "10";
    public const string VehicleImage = "01";
    public const string NonMotorVehicleImage = "12";

    /// <exception cref="ImageBlurException">The image could not be blurred; the object must wait or go without it.</exception>
    public static async Task<SubImageInfo> PrepareAsync(
        UpstreamImagePolicy policy, string objectId, string imageId, string deviceId, string type, DateTimeOffset shotTime,
        int width, int height, byte[] jpeg, TimeSpan localOffset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var image = await policy.PrepareAsync(jpeg, objectId, imageId, cancellationToken).ConfigureAwait(false);
        return new SubImageInfo
        {
            ImageID = imageId,
            DeviceID = deviceId,
            Type = type,
            ShotTime = ViidTime.Format(shotTime, localOffset),
            Width = width,
            Height = height,
            Data = Convert.ToBase64String(image.Jpeg),
        };
    }
}
