using System.Text;
using EdgeSecurity.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeSecurity.Agent.Configuration;

/// <summary>
/// Reads and validates the agent's YAML config. The representation model keeps every node's position, so each
/// problem is reported where it is; the mapping to <see cref="AgentConfig"/> is by hand for the same reason.
/// </summary>
public static class ConfigLoader
{
    public const string DefaultPath = "/etc/edgesecurity/agent.yaml";
    public const string DefaultDataDirectory = "/var/lib/edgesecurity";
    public const string DefaultSocketName = "agent.sock";
    public const string OutboxFileName = "outbox.db";

    // sun_path holds 108 bytes including the terminating NUL.
    private const int MaxSocketPathBytes = 107;
    private const int MaxPathLength = 4096;
    private const int MaxHostLength = 253;
    private const int MaxCredentialLength = 256;
    private const int MaxOutboxMegabytes = 64 * 1024;

    /// <summary>Relative paths inside the file are taken from the file's own directory, wherever the agent is started.</summary>
    public static ConfigLoadResult Load(string path)
    {
        string yaml;
        try
        {
            yaml = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Failed(path, "file not found", "the agent's YAML config here, or its path given with --config <path>");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(path, $"cannot read the file ({e.Message})", "a readable YAML file");
        }
        return Parse(yaml, path, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public static ConfigLoadResult Parse(string yaml, string fileName, string baseDirectory)
    {
        var errors = new ConfigErrors(fileName);
        if (YamlText.Load(yaml, errors, "well-formed YAML") is not { } stream)
            return new ConfigLoadResult(null, errors.InFileOrder());
        switch (stream.Documents.Count)
        {
            case 0:
                return Failed(fileName, "the file is empty", "a mapping with the keys gateway, broker and doors");
            case > 1:
                errors.Add(stream.Documents[1].RootNode.Start, null, "a second YAML document", "a single document");
                return new ConfigLoadResult(null, errors.InFileOrder());
        }

        var config = Read(YamlSection.Root(stream.Documents[0].RootNode, errors), baseDirectory);
        return errors.Any ? new ConfigLoadResult(null, errors.InFileOrder()) : new ConfigLoadResult(config, []);
    }

    private static ConfigLoadResult Failed(string file, string problem, string expected)
    {
        var errors = new ConfigErrors(file);
        errors.AddForFile(problem, expected);
        return new ConfigLoadResult(null, errors.InFileOrder());
    }

    private static AgentConfig Read(YamlSection root, string baseDirectory)
    {
        var gateway = ReadGateway(root.Section("gateway", required: true, "a mapping with the gateway's id, community and grid"));
        var broker = ReadBroker(root.Section("broker", required: true, "a mapping with the MQTT broker's host and port"), baseDirectory);
        var heartbeat = root.WholeNumber("heartbeatSeconds", fallback: 30, min: 5, max: 3600, "seconds");
        var dataDirectory = ReadPath(root, "dataDirectory", baseDirectory);
        var socket = ReadControl(root.Section("control", required: false, "a mapping with the control socket's path"), baseDirectory);
        if (socket is null && dataDirectory is not null)
            CheckSocketPathLength(root, "dataDirectory", Path.Combine(dataDirectory, DefaultSocketName));
        dataDirectory ??= DefaultDataDirectory;
        socket ??= Path.Combine(dataDirectory, DefaultSocketName);
        var outbox = ReadOutbox(root.Section("outbox", required: false, "a mapping with the outbox's maxMegabytes and hubAckTimeoutSeconds"), dataDirectory);
        var doors = DoorConfigReader.ReadDoors(root);
        var sensors = SensorConfigReader.Read(root, baseDirectory, doors.Select(d => d.Id));
        var rules = RulesConfigReader.Read(root);
        var cameras = CameraConfigReader.Read(root, baseDirectory);
        var evidence = EvidenceConfigReader.Read(root, baseDirectory);
        root.ReportUnknownKeys();
        return new AgentConfig(gateway, broker, TimeSpan.FromSeconds(heartbeat), dataDirectory, socket, outbox, doors, rules)
        {
            SmokeDetectors = sensors.SmokeDetectors,
            Rs485Buses = sensors.Rs485Buses,
            Cameras = cameras,
            Evidence = evidence,
        };
    }

    private static OutboxConfig ReadOutbox(YamlSection outbox, string dataDirectory)
    {
        var maxMegabytes = outbox.WholeNumber("maxMegabytes", fallback: 64, min: 1, max: MaxOutboxMegabytes, "megabytes");
        var hubAckTimeout = outbox.WholeNumber("hubAckTimeoutSeconds", fallback: 30, min: 1, max: 3600, "seconds");
        outbox.ReportUnknownKeys();
        return new OutboxConfig(Path.Combine(dataDirectory, OutboxFileName), maxMegabytes * 1024L * 1024L, TimeSpan.FromSeconds(hubAckTimeout));
    }

    private static GatewayConfig ReadGateway(YamlSection gateway)
    {
        var config = new GatewayConfig(
            gateway.RequiredId("id", "the gateway id (also its MQTT client id)"),
            gateway.RequiredId("community", "the community id"),
            gateway.OptionalId("grid", "the grid id"),
            ReadTimeZone(gateway))
        {
            CommunityName = gateway.OptionalText("communityName", 128, "the community's name at the hub (edgesec enroll writes it)"),
            PlacePath = gateway.OptionalText("placePath", 512, "the community's place at the hub, names from the top joined by ' / ' (edgesec enroll writes it)"),
        };
        gateway.ReportUnknownKeys();
        return config;
    }

    private static string ReadTimeZone(YamlSection gateway)
    {
        const string expected = "an IANA time zone such as Asia/Shanghai";
        var zone = gateway.OptionalText("timeZone", 64, expected) ?? GatewayConfig.DefaultTimeZone;
        if (TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            return zone;
        gateway.Error("timeZone", $"unknown time zone '{zone}'", expected + " (install the tzdata package if it is missing)");
        return GatewayConfig.DefaultTimeZone;
    }

    private static BrokerConfig ReadBroker(YamlSection broker, string baseDirectory)
    {
        var host = broker.RequiredText("host", MaxHostLength, "a host name or IP address");
        if (host.Any(char.IsWhiteSpace))
            broker.Error("host", $"'{host}' contains white space", "a host name or IP address");
        var port = broker.WholeNumber("port", fallback: 1883, min: 1, max: 65535);
        var username = broker.OptionalText("username", MaxCredentialLength, "a user name");
        var password = broker.OptionalText("password", MaxCredentialLength, "a password");
        if (password is not null && username is null)
            broker.Error("password", "a password without a username", "broker.username as well, or no password");
        var keepAlive = broker.WholeNumber("keepAliveSeconds", fallback: 30, min: 5, max: 3600, "seconds");
        var tls = broker.Has("tls")
            ? ReadBrokerTls(broker.Section("tls", required: false, "a mapping with caFile, and certFile and keyFile for a client certificate"), baseDirectory)
            : null;
        broker.ReportUnknownKeys();
        return new BrokerConfig(host, port, username, password, TimeSpan.FromSeconds(keepAlive)) { Tls = tls };
    }

    private static BrokerTlsConfig ReadBrokerTls(YamlSection tls, string baseDirectory)
    {
        const string caExpected = "the PEM file of the CA that signed the broker's certificate (ca.pem of hub/Broker/make-certs.sh)";
        var caFile = ExistingFile(tls, "caFile", baseDirectory, caExpected);
        if (caFile is null)
            tls.Error("caFile", "is missing", caExpected);
        var certFile = ExistingFile(tls, "certFile", baseDirectory, "the gateway's PEM client certificate (clients/<gateway>.pem of make-certs.sh)");
        var keyFile = ExistingFile(tls, "keyFile", baseDirectory, "the unencrypted PEM key of certFile (clients/<gateway>.key of make-certs.sh)");
        if (tls.Has("certFile") != tls.Has("keyFile"))
        {
            var (given, missing) = tls.Has("certFile") ? ("certFile", "keyFile") : ("keyFile", "certFile");
            tls.Error(given, $"{given} without {missing}", $"both certFile and keyFile for a client certificate, or neither");
        }
        tls.ReportUnknownKeys();
        return new BrokerTlsConfig(caFile ?? "", certFile, keyFile);
    }

    /// <summary>A path relative to the config file, reported when it names no file: libmosquitto would only say "invalid".</summary>
    private static string? ExistingFile(YamlSection section, string key, string baseDirectory, string expected)
    {
        var path = ReadPath(section, key, baseDirectory);
        if (path is not null && !File.Exists(path))
            section.Error(key, $"no file at '{path}'", expected);
        return path;
    }

    private static string? ReadControl(YamlSection control, string baseDirectory)
    {
        var socket = ReadPath(control, "socket", baseDirectory);
        if (socket is not null)
            CheckSocketPathLength(control, "socket", socket);
        control.ReportUnknownKeys();
        return socket;
    }

    private static void CheckSocketPathLength(YamlSection section, string key, string socket)
    {
        var bytes = Encoding.UTF8.GetByteCount(socket);
        if (bytes > MaxSocketPathBytes)
            section.Error(key, $"the control socket path '{socket}' is {bytes} bytes long", $"a socket path of at most {MaxSocketPathBytes} bytes (a Unix socket limit)");
    }

    internal static string? ReadPath(YamlSection section, string key, string baseDirectory)
    {
        var path = section.OptionalText(key, MaxPathLength, "a file system path");
        if (path is null)
            return null;
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            section.Error(key, "the path contains a NUL character", "a file system path");
            return null;
        }
        return Path.GetFullPath(path, baseDirectory);
    }
}
