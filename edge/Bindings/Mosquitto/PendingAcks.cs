using EdgeSecurity.Bindings.Mosquitto.Native;

namespace EdgeSecurity.Bindings.Mosquitto;

/// <summary>What becomes of a tracked packet's task when the connection drops before the acknowledgement.</summary>
internal enum WhenConnectionLost
{
    /// <summary>libmosquitto sends the packet again after the reconnect (QoS 1 PUBLISH).</summary>
    KeepWaiting,

    /// <summary>libmosquitto drops the packet (QoS 0 PUBLISH): the task fails.</summary>
    Fail,

    /// <summary>libmosquitto drops the packet and the client sends it again itself (SUBSCRIBE): the task is cancelled.</summary>
    Cancel,
}

/// <summary>
/// Ties the task of a publish or subscribe to libmosquitto's acknowledgement of its message id.
/// The acknowledgement can arrive on the network thread before the caller has learnt the id,
/// so such early acknowledgements are kept until the caller tracks them.
/// </summary>
internal sealed class PendingAcks
{
    public const string Publish = "publish to";
    public const string Subscribe = "subscribe to";

    private readonly Lock _gate = new();
    private readonly Dictionary<int, Pending> _waiting = [];
    private readonly Dictionary<int, int> _early = [];
    private int _connection;
    private string? _closedReason;

    /// <summary>Counts connection losses; read it before the native call whose id will be tracked.</summary>
    public int Connection
    {
        get
        {
            lock (_gate)
            {
                return _connection;
            }
        }
    }

    /// <param name="mid">Message id returned by the native call.</param>
    /// <param name="verb"><see cref="Publish"/> or <see cref="Subscribe"/>, for error messages.</param>
    /// <param name="target">Topic or topic filter, for error messages.</param>
    /// <param name="whenLost">What the task does if the connection drops first.</param>
    /// <param name="connectionAtCall">The value of <see cref="Connection"/> before the native call.</param>
    public Task Track(int mid, string verb, string target, WhenConnectionLost whenLost, int connectionAtCall)
    {
        lock (_gate)
        {
            if (_early.Remove(mid, out var reasonCode))
            {
                return reasonCode < NativeMethods.FirstFailureReasonCode
                    ? Task.CompletedTask
                    : Task.FromException(Refused(verb, target, reasonCode));
            }

            if (_closedReason is not null)
            {
                return Task.FromException(Failed(verb, target, _closedReason));
            }

            var pending = new Pending(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), verb, target, whenLost);
            if (whenLost != WhenConnectionLost.KeepWaiting && connectionAtCall != _connection)
            {
                Lose(pending);
            }
            else
            {
                _waiting[mid] = pending;
            }

            return pending.Completion.Task;
        }
    }

    /// <summary>Called on the network thread with the PUBACK/SUBACK reason code, or 0 when a QoS 0 message was written.</summary>
    public void Complete(int mid, int reasonCode)
    {
        Pending? pending;
        lock (_gate)
        {
            if (!_waiting.Remove(mid, out pending))
            {
                _early[mid] = reasonCode;
                return;
            }
        }

        if (reasonCode < NativeMethods.FirstFailureReasonCode)
        {
            pending.Completion.TrySetResult();
        }
        else
        {
            pending.Completion.TrySetException(Refused(pending.Verb, pending.Target, reasonCode));
        }
    }

    public void ConnectionLost()
    {
        List<Pending> lost = [];
        lock (_gate)
        {
            _connection++;
            foreach (var (mid, pending) in _waiting)
            {
                if (pending.WhenLost != WhenConnectionLost.KeepWaiting)
                {
                    _waiting.Remove(mid);
                    lost.Add(pending);
                }
            }
        }

        foreach (var pending in lost)
        {
            Lose(pending);
        }
    }

    /// <summary>Fails everything still waiting and everything tracked from now on.</summary>
    public void Close(string reason)
    {
        List<Pending> abandoned;
        lock (_gate)
        {
            _closedReason = reason;
            abandoned = [.. _waiting.Values];
            _waiting.Clear();
            _early.Clear();
        }

        foreach (var pending in abandoned)
        {
            pending.Completion.TrySetException(Failed(pending.Verb, pending.Target, reason));
        }
    }

    private const string ConnectionLostReason = "the connection was lost before it completed";

    private static void Lose(Pending pending)
    {
        if (pending.WhenLost == WhenConnectionLost.Cancel)
        {
            pending.Completion.TrySetCanceled();
        }
        else
        {
            pending.Completion.TrySetException(Failed(pending.Verb, pending.Target, ConnectionLostReason));
        }
    }

    private static MqttException Refused(string verb, string target, int reasonCode) =>
        new($"The broker refused to {verb} '{target}': {MosquittoText.Reason(reasonCode)} (reason code {reasonCode}).");

    private static MqttException Failed(string verb, string target, string reason) =>
        new($"Could not {verb} '{target}': {reason}.");

    private sealed record Pending(TaskCompletionSource Completion, string Verb, string Target, WhenConnectionLost WhenLost);
}
