namespace EdgeSecurity.Bindings.Serial;

internal enum Readiness
{
    Ready,
    TimedOut,

    /// <summary>poll() reported POLLHUP, POLLERR or POLLNVAL: the next read or write says what happened.</summary>
    HungUp,
}

internal enum Direction
{
    Read,
    Write,
}
