namespace EdgeSecurity.Agent.Gateway;

/// <summary>Whether the gateway is connected to the broker right now, for the operator's status command.</summary>
public interface IBrokerConnectionState
{
    bool IsConnected { get; }
}
