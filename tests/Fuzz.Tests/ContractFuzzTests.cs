using System.Security.Cryptography;
using System.Text;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Fuzz.Tests;

/// <summary>
/// The MQTT payload parser for every topic kind a reader exists for: mutated valid payloads and random ones are
/// accepted or refused with a rejection code and a sentence, never an exception.
/// </summary>
public sealed class ContractFuzzTests
{
    private static readonly TimeSpan SuiteBudget = TimeSpan.FromSeconds(1);
    private static readonly DateTimeOffset At = new(2026, 11, 22, 23, 15, 0, TimeSpan.FromHours(8));
    private static readonly Guid Id = Guid.Parse("019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e5f");
    private static readonly string SnapshotUri = $"evidence://gw-1/snapshots/{Id}.jpg";
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46, 0, 1, 0xFF, 0xD9];

    /// <summary>A topic kind, the topic a payload arrives on, a valid sample and the reader the hub or the agent uses.</summary>
    public sealed record Target(string Name, ContractTopic Topic, byte[] Sample, Func<ContractTopic, ReadOnlyMemory<byte>, Rejection?> Read);

    public static TheoryData<string> Kinds => [.. Targets.Keys];

    private static Dictionary<string, Target> Targets { get; } = new[]
    {
        Of(TopicKind.Events, "smoke-1", ContractWriter.ToJson(new EdgeEvent(Id, "gw-1", "smoke-1", new Place("cm-1", "g-1", "3", "2", "5", "501"),
            EventTypes.SmokeAlarm, WarningLevel.Warning, At, At.AddSeconds(1), new EvidenceRef(EvidenceKind.Snapshot, SnapshotUri), false,
            new Dictionary<string, string> { ["phase"] = "raised", ["zone"] = "楼道" })), (t, p) => ContractReader.ReadEvent(t, p).Rejection),
        Of(TopicKind.Status, null, ContractWriter.ToJson(new GatewayStatus("gw-1", GatewayState.Online, At, "1.2.3", GatewayMode.Heightened)),
            (t, p) => ContractReader.ReadStatus(t, p).Rejection),
        Of(TopicKind.Heartbeat, null, ContractWriter.ToJson(new Heartbeat("gw-1", At, 3600, 4, new OutboxBacklog(1, 2, 3, 4, 5),
            new GatewayHealth(12.5, 100, 200, 300, 45.5, "1.2.3"))), (t, p) => ContractReader.ReadHeartbeat(t, p).Rejection),
        Of(TopicKind.State, "door-1", ContractWriter.ToJson(new DeviceState("gw-1", "door-1", "closed", At, new DeviceHealth(true, At, false, false, 3.1))),
            (t, p) => ContractReader.ReadDeviceState(t, p).Rejection),
        Of(TopicKind.Telemetry, "smoke-1", ContractWriter.ToJson(new DeviceTelemetry("gw-1", "smoke-1", At,
            new Dictionary<string, double> { ["smokeDensity"] = 0.12, ["temperature"] = 21.5 }, Id)), (t, p) => ContractReader.ReadDeviceTelemetry(t, p).Rejection),
        Of(TopicKind.Commands, "gw-1", ContractWriter.ToJson(new HubCommand(Id, At, ContractReader.SetModeCommand, GatewayMode.Emergency, "值班长 王")),
            (_, p) => ContractReader.ReadCommand(p).Rejection),
        Of(TopicKind.CommandResults, "gw-1", ContractWriter.ToJson(new CommandResult(Id, "gw-1", "gw-1", CommandOutcome.Refused, At, "stale", "issued at …", GatewayMode.Normal)),
            (t, p) => ContractReader.ReadCommandResult(t, p).Rejection),
        Of(TopicKind.Acks, null, ContractWriter.ToJson(new EventAcks([Id, Guid.Parse("019a4c6e-5b1f-7c3a-9d2e-0a1b2c3d4e60")], [new RefusedEvent(Id, "invalid_field")])),
            (_, p) => ContractReader.ReadEventAcks(p).Rejection),
        Of(TopicKind.Evidence, "cam-1", ContractWriter.ToJson(new EvidenceUpload(SnapshotUri, "image/jpeg", Sha256(Jpeg), Jpeg)),
            (t, p) => ContractReader.ReadEvidenceUpload(t, p).Rejection),
        Of(TopicKind.Objects, "cam-1", ContractWriter.ToJson(new StructuredObject(Id, "gw-1", "cam-1", ObjectKind.Person, "person", 12, At,
            new ObjectBox(100, 40, 160, 200, 640, 360), 0.84, "left", new ObjectImage(SnapshotUri, Sha256(Jpeg), 60, 160, Jpeg))),
            (t, p) => ContractReader.ReadStructuredObject(t, p).Rejection),
    }.ToDictionary(t => t.Name);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Valid_samples_are_accepted(string kind)
    {
        var target = Targets[kind];
        Assert.Null(target.Read(target.Topic, target.Sample));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Mutated_and_random_payloads_are_accepted_or_refused_with_a_reason(string kind)
    {
        var target = Targets[kind];
        var sample = Encoding.UTF8.GetString(target.Sample);
        var report = Fuzzer.Run($"mqtt-{kind}", FuzzSettings.ForSuite(SuiteBudget), random => Generate(random, sample), bytes => bytes, payload =>
        {
            var rejection = target.Read(target.Topic, payload);
            return rejection is null ? FuzzVerdict.Accepted : FuzzVerdict.Rejected(rejection.Reason.ToString(), rejection.Detail);
        });

        Assert.True(report.IsClean, report.ToString());
        Assert.True(report.RejectedByReason.Count >= 3, report.Summary());
    }

    [Fact]
    public void Ids_of_refused_payloads_are_found_or_null_never_an_exception()
    {
        var sample = Encoding.UTF8.GetString(Targets[nameof(TopicKind.Events)].Sample);
        var report = Fuzzer.Run("mqtt-event-id", FuzzSettings.ForSuite(SuiteBudget), random => Generate(random, sample), bytes => bytes, payload =>
            ContractReader.EventIdOf(payload) is null && ContractReader.TelemetryIdOf(payload) is null && ContractReader.CommandIdOf(payload) is null
                ? FuzzVerdict.Rejected("no_id", "no readable id")
                : FuzzVerdict.Accepted);

        Assert.True(report.IsClean, report.ToString());
        Assert.True(report.Accepted > 0, report.Summary());
    }

    /// <summary>Found by fuzzing (seed 20261122): an id with invalid UTF-8 threw InvalidOperationException from JsonElement.GetString.</summary>
    [Fact]
    public void An_id_with_invalid_utf8_is_no_id()
    {
        byte[] payload = [.. "{\"eventId\":\"019a4c6e-5b1f-7c3a-9d2e-"u8, 0xF6, .. "0a1b2c3d4e5f\"}"u8];

        Assert.Null(ContractReader.EventIdOf(payload));
        Assert.Equal(RejectionReason.WrongType, ContractReader.ReadEvent(Targets[nameof(TopicKind.Events)].Topic, payload).Rejection?.Reason);
    }

    [Fact]
    public void Topics_are_parsed_or_refused_with_a_reason()
    {
        var samples = Targets.Values.Select(t => Encoding.UTF8.GetBytes(t.Topic.ToString())).ToArray();
        var report = Fuzzer.Run("mqtt-topic", FuzzSettings.ForSuite(SuiteBudget), random =>
            random.Next(5) == 0 ? Mutate.RandomBytes(random, 64) : Mutate.Bytes(random, Mutate.Pick(random, samples)),
            bytes => bytes, bytes =>
            {
                var topic = Topics.TryParse(Encoding.UTF8.GetString(bytes), out var reason);
                return topic is null ? FuzzVerdict.Rejected("unknown_topic", reason) : FuzzVerdict.Accepted;
            });

        Assert.True(report.IsClean, report.ToString());
    }

    /// <summary>Mostly mutations of the valid sample, some samples as they are, some random JSON or bytes.</summary>
    private static byte[] Generate(Random random, string sample) => random.Next(10) switch
    {
        0 => Encoding.UTF8.GetBytes(sample),
        1 => Encoding.UTF8.GetBytes(Mutate.RandomJson(random, 3)),
        2 => Mutate.RandomBytes(random, 256),
        _ => Mutate.Json(random, sample),
    };

    private static Target Of(TopicKind kind, string? device, byte[] sample, Func<ContractTopic, ReadOnlyMemory<byte>, Rejection?> read) =>
        new(kind.ToString(), new ContractTopic("cm-1", "gw-1", kind, device), sample, read);

    private static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
