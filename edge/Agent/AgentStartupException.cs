namespace EdgeSecurity.Agent;

/// <summary>A condition the operator must fix before the agent can run; its message is all they need, no stack trace.</summary>
public sealed class AgentStartupException : Exception
{
    public AgentStartupException()
    {
    }

    public AgentStartupException(string message)
        : base(message)
    {
    }

    public AgentStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
