using EdgeSecurity.Upstream.Tests.Infrastructure;
using EdgeSecurity.Upstream.Viid;

namespace EdgeSecurity.Upstream.Tests.Viid;

internal static class SampleObjects
{
    public static readonly TimeSpan ChinaTime = TimeSpan.FromHours(8);

    /// <summary>宁波市鄞州区 (330212), unit 00, industry 01 (community), platform type 200, network 8 (社会资源接入网), serial 1.</summary>
    public static readonly string PlatformId = ViidCodes.DeviceCode("330212", "00", "01", ViidCodes.PlatformType, '8', 1);

    public static readonly string CameraId = ViidCodes.DeviceCode("330212", "00", "01", ViidCodes.NetworkCameraType, '8', 31);

    public static readonly DateTimeOffset ShotAt = new(2026, 11, 22, 23, 15, 0, ChinaTime);

    private static readonly ViidIdGenerator s_ids = new(ChinaTime);

    public static ViidClientOptions Options(Uri baseUri, string password = ViidTestServer.Password, TimeSpan? timeout = null) => new()
    {
        BaseUri = baseUri,
        DeviceId = PlatformId,
        Username = ViidTestServer.Username,
        Password = password,
        RequestTimeout = timeout ?? TimeSpan.FromSeconds(5),
    };

    public static SubImageInfo Image(string imageId, string type) => new()
    {
        ImageID = imageId,
        DeviceID = CameraId,
        Type = type,
        ShotTime = ViidTime.Format(ShotAt, ChinaTime),
        Width = SampleJpeg.Width,
        Height = SampleJpeg.Height,
        Data = Convert.ToBase64String(SampleJpeg.Bytes),
    };

    public static PersonObject Person()
    {
        var source = s_ids.ImageId(CameraId, ShotAt);
        return new PersonObject
        {
            PersonID = s_ids.ObjectId(source, ViidObjectKind.Person),
            SourceID = source,
            DeviceID = CameraId,
            LeftTopX = 10,
            LeftTopY = 20,
            RightBtmX = 110,
            RightBtmY = 220,
            PersonAppearTime = ViidTime.Format(ShotAt, ChinaTime),
            SubImageList = new SubImageList([Image(source, ViidSubImages.SceneImage)]),
        };
    }

    public static MotorVehicleObject MotorVehicle()
    {
        var source = s_ids.ImageId(CameraId, ShotAt);
        return new MotorVehicleObject
        {
            MotorVehicleID = s_ids.ObjectId(source, ViidObjectKind.MotorVehicle),
            SourceID = source,
            DeviceID = CameraId,
            StorageUrl1 = "https://hub.example/evidence/scene.jpg",
            LeftTopX = 5,
            LeftTopY = 5,
            RightBtmX = 300,
            RightBtmY = 200,
            HasPlate = true,
            PlateNo = "浙B12345",
            PlateColor = "2",
            PassTime = ViidTime.Format(ShotAt, ChinaTime),
            SubImageList = new SubImageList([Image(source, ViidSubImages.VehicleImage)]),
        };
    }

    public static NonMotorVehicleObject EBike()
    {
        var source = s_ids.ImageId(CameraId, ShotAt);
        return new NonMotorVehicleObject
        {
            NonMotorVehicleID = s_ids.ObjectId(source, ViidObjectKind.NonMotorVehicle),
            SourceID = source,
            DeviceID = CameraId,
            LeftTopX = 40,
            LeftTopY = 60,
            RightBtmX = 200,
            RightBtmY = 230,
            HasPlate = false,
            SubImageList = new SubImageList([Image(source, ViidSubImages.NonMotorVehicleImage)]),
        };
    }

    public static ApeObject Camera() => new()
    {
        ApeID = CameraId,
        Name = "阳光花园3号楼电梯厅 building 3 lift lobby",
        Model = "IPC-HFW",
        IPAddr = "192.168.10.31",
        Port = 554,
        Longitude = 121.5437,
        Latitude = 29.8172,
        PlaceCode = "330212",
        Place = "阳光花园3号楼",
        IsOnline = "1",
    };
}
