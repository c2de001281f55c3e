using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Testing;

namespace EdgeSecurity.Agent.Tests.Support;

/// <summary>An agent config file for tests: one armed door, against the given broker, state in a temp directory.</summary>
public static class TestAgentConfig
{
    public const string Community = "cm-test";
    public const string GatewayId = "gw-test";
    public const string Door = "door-1";

    public static string StatusTopic => Contract.Topics.Status(Community, GatewayId);

    public static string AllTopics => $"{Contract.Topics.Root}/{Community}/{GatewayId}/#";

    /// <param name="extraYaml">More top-level keys, e.g. an outbox section.</param>
    public static string Write(MosquittoBroker broker, TempDirectory directory, string extraYaml = "")
    {
        var path = directory.Combine("agent.yaml");
        File.WriteAllText(path, $$"""
            gateway:
              id: {{GatewayId}}
              community: {{Community}}
              grid: grid-7
            broker:
              host: {{broker.Host}}
              port: {{broker.Port}}
              keepAliveSeconds: 5
            heartbeatSeconds: 5
            dataDirectory: {{directory.Path}}
            doors:
              - id: {{Door}}
                name: 3号楼2单元门
                place: { building: "3", unit: "2", floor: "1" }
                armed: true
                releaseWindowSeconds: 10
                heldOpenSeconds: 5
            {{extraYaml}}
            """);
        return path;
    }

    public static AgentConfig Load(MosquittoBroker broker, TempDirectory directory, string extraYaml = "")
    {
        var result = ConfigLoader.Load(Write(broker, directory, extraYaml));
        Assert.True(result.Succeeded, string.Join('\n', result.Errors));
        return result.Config!;
    }
}
