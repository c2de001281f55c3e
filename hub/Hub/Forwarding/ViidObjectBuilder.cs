using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Evidence;
using EdgeSecurity.Upstream.Privacy;
using EdgeSecurity.Upstream.Viid;

namespace EdgeSecurity.Hub.Forwarding;

/// <summary>One stored object as the GA/T 1400 object of its kind (exactly one of the three is set).</summary>
public sealed record ViidStructuredObject(string Id, PersonObject? Person, MotorVehicleObject? MotorVehicle, NonMotorVehicleObject? NonMotorVehicle);

/// <summary>Why an object cannot be built now (<see cref="Retry"/>: the crop may still arrive, or blurring may work later).</summary>
public sealed class ViidObjectUnavailableException(string message, bool retry) : Exception(message)
{
    public bool Retry { get; } = retry;
}

/// <summary>
/// Builds the GA/T 1400 object of a stored structured object: ids derived from the camera's 20-digit code, the capture
/// time and the object's UUID (the same every time, and kept with the object before the first upload), the box in the
/// analysed frame, and the crop as its SubImage (type 10 person, 01 vehicle, 12 non-motor vehicle) through the
/// upstream's image policy: blurred unless the 视图库 is a police platform configured for originals.
/// </summary>
public sealed class ViidObjectBuilder(ViidSettings settings, EvidenceFiles evidence, UpstreamImagePolicy policy)
{
    private readonly ViidIdGenerator _ids = new(settings.Client.LocalOffset);

    /// <summary>The camera's 20-digit code (its ApeID in Hub:Viid:Cameras), or null when the camera has none.</summary>
    public string? DeviceCodeOf(StoredObject o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return settings.Cameras.FirstOrDefault(c => c.Device == o.DeviceId && c.Gateway == o.GatewayId)?.ApeId;
    }

    /// <summary>The object's 48-digit id, derived from its UUID (the stored one wins when there is one).</summary>
    public string IdOf(StoredObject o, string deviceCode)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (o.ViidId is { } kept)
            return kept;
        var serial = (int)(BitConverter.ToUInt32(o.ObjectId.ToByteArray(), 12) % 100_000);
        return ViidIdGenerator.ObjectId(_ids.ImageId(deviceCode, o.At, serial), KindOf(o.Kind), serial);
    }

    /// <exception cref="ViidObjectUnavailableException">The crop is missing or cannot be blurred.</exception>
    public async Task<ViidStructuredObject> BuildAsync(StoredObject o, string deviceCode, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(id);
        if (evidence.Find(o.ImageUri) is not { } path)
            throw new ViidObjectUnavailableException($"the crop {o.ImageUri} is not at the hub", retry: false);
        var jpeg = await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        var sourceId = id[..41];
        var type = o.Kind switch
        {
            ObjectKind.MotorVehicle => ViidSubImages.VehicleImage,
            ObjectKind.NonMotorVehicle => ViidSubImages.NonMotorVehicleImage,
            _ => ViidSubImages.PersonImage,
        };
        SubImageInfo image;
        try
        {
            image = await ViidSubImages.PrepareAsync(policy, id, sourceId, deviceCode, type, o.At, o.ImageWidth, o.ImageHeight, jpeg, settings.Client.LocalOffset, ct).ConfigureAwait(false);
        }
        catch (ImageBlurException e)
        {
            throw new ViidObjectUnavailableException($"the crop {o.ImageUri} could not be blurred: {e.Message}", retry: true);
        }
        var images = new SubImageList([image]);
        var time = ViidTime.Format(o.At, settings.Client.LocalOffset);
        return o.Kind switch
        {
            ObjectKind.MotorVehicle => new ViidStructuredObject(id, null, new MotorVehicleObject
            {
                MotorVehicleID = id, SourceID = sourceId, DeviceID = deviceCode, StorageUrl1 = o.ImageUri,
                LeftTopX = o.Box.Left, LeftTopY = o.Box.Top, RightBtmX = o.Box.Right, RightBtmY = o.Box.Bottom,
                HasPlate = false, PassTime = time, SubImageList = images,
            }, null),
            ObjectKind.NonMotorVehicle => new ViidStructuredObject(id, null, null, new NonMotorVehicleObject
            {
                NonMotorVehicleID = id, SourceID = sourceId, DeviceID = deviceCode,
                LeftTopX = o.Box.Left, LeftTopY = o.Box.Top, RightBtmX = o.Box.Right, RightBtmY = o.Box.Bottom,
                HasPlate = false, AppearTime = time, SubImageList = images,
            }),
            _ => new ViidStructuredObject(id, new PersonObject
            {
                PersonID = id, SourceID = sourceId, DeviceID = deviceCode,
                LeftTopX = o.Box.Left, LeftTopY = o.Box.Top, RightBtmX = o.Box.Right, RightBtmY = o.Box.Bottom,
                PersonAppearTime = time, LocationMarkTime = time, SubImageList = images,
            }, null, null),
        };
    }

    public static ViidObjectKind KindOf(ObjectKind kind) => kind switch
    {
        ObjectKind.MotorVehicle => ViidObjectKind.MotorVehicle,
        ObjectKind.NonMotorVehicle => ViidObjectKind.NonMotorVehicle,
        _ => ViidObjectKind.Person,
    };
}
