using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Outbox;
using EdgeSecurity.Agent.Tests.Support;
using EdgeSecurity.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.Tests;

/// <summary>The outbox file and its order, without a broker: what goes in comes out in the right order, and survives.</summary>
public sealed class DurableOutboxTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly ManualTimeProvider _time = new();
    private readonly LogRecorder _log = new();
    private readonly ILoggerFactory _loggers;

    public DurableOutboxTests() => _loggers = LoggerFactory.Create(logging => logging.AddProvider(_log));

    private string OutboxPath => _directory.Combine("outbox.db");

    public void Dispose()
    {
        _loggers.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void Events_come_first_then_states_then_telemetry_and_devices_take_turns_in_order()
    {
        using var outbox = Open();
        outbox.Add(Telemetry("meter-1", "t1"));
        outbox.Add(State("door-1", "s1"));
        outbox.Add(Event("door-1", "e1"));
        outbox.Add(Event("door-1", "e2"));
        outbox.Add(Event("smoke-1", "e3"));
        outbox.Add(Event("door-1", "e4"));

        Assert.Equal(["e1", "e3", "e2", "e4", "s1", "t1"], TakeAll(outbox));
    }

    [Fact]
    public void A_new_event_goes_before_what_waits_of_lower_priority()
    {
        using var outbox = Open();
        for (var i = 0; i < 100; i++)
            outbox.Add(Telemetry("meter-1", $"t{i}"));
        Assert.Equal("t0", Label(outbox.TakeNext()!));

        outbox.Add(Event("smoke-1", "fire"));

        Assert.Equal("fire", Label(outbox.TakeNext()!));
        Assert.Equal("t1", Label(outbox.TakeNext()!));
    }

    [Fact]
    public void What_is_waiting_survives_a_reopen_and_what_was_delivered_does_not()
    {
        using (var outbox = Open())
        {
            outbox.Add(Event("door-1", "e1"));
            outbox.Add(Event("door-1", "e2"));
            outbox.Add(State("door-1", "s1"));
            outbox.Complete([outbox.TakeNext()!]);
        }
        _time.Advance(TimeSpan.FromSeconds(42));

        using var reopened = Open();

        Assert.Equal(new Contract.OutboxBacklog(1, 1, 0, 42, 0), reopened.Backlog());
        Assert.Equal(["e2", "s1"], TakeAll(reopened));
    }

    [Fact]
    public void Events_confirmed_by_the_hub_leave_the_outbox_even_if_not_taken_in_this_run()
    {
        using var outbox = Open();
        var first = outbox.Add(Event("door-1", "e1"))!;
        outbox.Add(Event("door-1", "e2"));

        outbox.CompleteWaiting([first.Message.HubAckId!.Value]);

        Assert.Equal(["e2"], TakeAll(outbox));
    }

    [Fact]
    public void Thinning_keeps_every_second_point_per_device_and_the_count_survives_a_reopen()
    {
        var size = Telemetry("meter-1", "t0000").StoredBytes;
        var config = new OutboxConfig(OutboxPath, MaxBytes: 10 * size, TimeSpan.FromSeconds(30));
        using (var outbox = Open(config))
        {
            for (var i = 0; i < 11; i++)
                outbox.Add(Telemetry("meter-1", $"t{i:0000}"));
        }

        using var reopened = Open(config);

        Assert.Equal(["t0000", "t0002", "t0004", "t0006", "t0008", "t0010"], TakeAll(reopened));
        Assert.Equal(5, reopened.Backlog().ThinnedTelemetry);
    }

    [Fact]
    public void A_file_written_by_a_newer_agent_is_moved_aside_and_kept()
    {
        CreateDatabase("PRAGMA user_version = 2; CREATE TABLE outbox (seq INTEGER PRIMARY KEY);");

        using var outbox = Open();

        var moved = outbox.ReplacedUnreadableFile!;
        Assert.Equal("it has schema version 2, written by a newer agent (this one reads version 1)", moved.Reason);
        Assert.True(File.Exists(moved.MovedTo));
        Assert.True(_log.Contains(LogLevel.Error, $"moved it to {moved.MovedTo} and started an empty outbox"));
        Assert.NotNull(outbox.Add(Event("door-1", "e1")));
    }

    [Fact]
    public void Another_sqlite_database_is_not_taken_for_an_outbox()
    {
        CreateDatabase("CREATE TABLE incidents (id TEXT);");

        using var outbox = Open();

        Assert.Equal("it is an SQLite database, but not an outbox", outbox.ReplacedUnreadableFile?.Reason);
    }

    [Fact]
    public void A_file_with_damaged_pages_is_moved_aside()
    {
        using (var outbox = Open())
        {
            for (var i = 0; i < 200; i++)
                outbox.Add(Event("door-1", $"e{i}"));
        }
        using (var file = File.OpenWrite(OutboxPath))
        {
            // Page 3 onwards hold table and index b-tree pages: overwrite one with garbage, as a failing SD card would.
            file.Position = 3 * 4096;
            file.Write(Enumerable.Repeat((byte)0xA5, 4096).ToArray());
        }

        using var reopened = Open();

        Assert.NotNull(reopened.ReplacedUnreadableFile);
        Assert.Equal(new Contract.OutboxBacklog(0, 0, 0, 0, 0), reopened.Backlog());
    }

    private DurableOutbox Open(OutboxConfig? config = null) =>
        DurableOutbox.Open(config ?? new OutboxConfig(OutboxPath, 1024 * 1024, TimeSpan.FromSeconds(30)), _time, _loggers.CreateLogger<DurableOutbox>());

    private void CreateDatabase(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={OutboxPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static OutboxMessage Event(string device, string label) =>
        new(OutboxPriority.Event, device, $"es/v1/cm-1/gw-1/events/{device}", Retain: false, Guid.CreateVersion7(), System.Text.Encoding.UTF8.GetBytes(label));

    private static OutboxMessage State(string device, string label) =>
        new(OutboxPriority.State, device, $"es/v1/cm-1/gw-1/state/{device}", Retain: true, HubAckId: null, System.Text.Encoding.UTF8.GetBytes(label));

    private static OutboxMessage Telemetry(string device, string label) =>
        new(OutboxPriority.Telemetry, device, $"es/v1/cm-1/gw-1/telemetry/{device}", Retain: false, HubAckId: null, System.Text.Encoding.UTF8.GetBytes(label));

    private static string Label(OutboxEntry entry) => System.Text.Encoding.UTF8.GetString(entry.Message.Payload);

    private static List<string> TakeAll(DurableOutbox outbox)
    {
        var labels = new List<string>();
        while (outbox.TakeNext() is { } entry)
            labels.Add(Label(entry));
        return labels;
    }
}
