using EdgeSecurity.Modbus;

namespace EdgeSecurity.Agent.Rs485;

/// <summary>
/// What happened on one bus since the agent started, for the bus's telemetry and the control socket: a bus that
/// answers garbage or times out is visible before any detector goes offline.
/// </summary>
public sealed class BusCounters
{
    private long _polls;
    private long _answers;
    private long _timeouts;
    private long _exceptionResponses;
    private long _invalidAnswers;
    private long _badCrc;
    private long _wrongLength;
    private long _otherRejections;
    private long _reopens;
    private long _lastCycleMicroseconds;

    public long Polls => Interlocked.Read(ref _polls);

    public long Answers => Interlocked.Read(ref _answers);

    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>The slave answered with a Modbus exception (e.g. illegal address: the profile does not fit the model).</summary>
    public long ExceptionResponses => Interlocked.Read(ref _exceptionResponses);

    /// <summary>Polls that got only invalid frames on every attempt.</summary>
    public long InvalidAnswers => Interlocked.Read(ref _invalidAnswers);

    public long BadCrc => Interlocked.Read(ref _badCrc);

    /// <summary>Frames too short, too long or of a length that does not fit the function.</summary>
    public long WrongLength => Interlocked.Read(ref _wrongLength);

    /// <summary>Other rejected frames: wrong slave, wrong function, wrong echo, stray bytes.</summary>
    public long OtherRejections => Interlocked.Read(ref _otherRejections);

    /// <summary>Times the serial port was opened again after it went away.</summary>
    public long Reopens => Interlocked.Read(ref _reopens);

    public TimeSpan LastCycle => TimeSpan.FromMicroseconds(Interlocked.Read(ref _lastCycleMicroseconds));

    internal void Polled() => Interlocked.Increment(ref _polls);

    internal void Answered() => Interlocked.Increment(ref _answers);

    internal void TimedOut() => Interlocked.Increment(ref _timeouts);

    internal void Refused() => Interlocked.Increment(ref _exceptionResponses);

    internal void Invalid() => Interlocked.Increment(ref _invalidAnswers);

    internal void Reopened() => Interlocked.Increment(ref _reopens);

    internal void CycleTook(TimeSpan duration) => Interlocked.Exchange(ref _lastCycleMicroseconds, (long)duration.TotalMicroseconds);

    internal void Rejected(FrameRejectionReason reason)
    {
        switch (reason)
        {
            case FrameRejectionReason.BadCrc:
                Interlocked.Increment(ref _badCrc);
                break;
            case FrameRejectionReason.TooShort or FrameRejectionReason.TooLong or FrameRejectionReason.WrongLength:
                Interlocked.Increment(ref _wrongLength);
                break;
            default:
                Interlocked.Increment(ref _otherRejections);
                break;
        }
    }

    /// <summary>The counters as the bus's telemetry values.</summary>
    public IReadOnlyDictionary<string, double> ToTelemetry() => new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["polls"] = Polls,
        ["answers"] = Answers,
        ["timeouts"] = Timeouts,
        ["exceptionResponses"] = ExceptionResponses,
        ["invalidAnswers"] = InvalidAnswers,
        ["badCrc"] = BadCrc,
        ["wrongLength"] = WrongLength,
        ["otherRejections"] = OtherRejections,
        ["reopens"] = Reopens,
        ["cycleMilliseconds"] = Math.Round(LastCycle.TotalMilliseconds, 3),
    };

    public override string ToString() =>
        $"{Polls} polls, {Answers} answers, {Timeouts} timeouts, {ExceptionResponses} exception answers, {InvalidAnswers} invalid answers "
        + $"(frames rejected: {BadCrc} bad CRC, {WrongLength} wrong length, {OtherRejections} other), {Reopens} reopens, last cycle {LastCycle.TotalMilliseconds:0.0} ms";
}
