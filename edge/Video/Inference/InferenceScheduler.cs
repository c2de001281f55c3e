using System.Diagnostics;

namespace EdgeSecurity.Video;

/// <summary>
/// One detector shared by many cameras, run by one worker thread. Each camera has a lane holding at most its newest
/// frame; the worker serves the lanes round-robin, so every camera gets its turn however fast the others send. On a
/// small gateway one detector run at a time is what the cores allow: parallel runs would only compete for them.
/// </summary>
public sealed class InferenceScheduler : IDisposable
{
    private readonly IObjectDetector _detector;
    private readonly List<InferenceLane> _lanes = [];
    private readonly object _gate = new();
    private readonly Thread _worker;
    private int _nextLane;
    private int _waitingCount;
    private bool _stopping;

    /// <param name="detector">Owned by the queue from now on: only its worker uses it, and disposing the queue disposes it.</param>
    public InferenceScheduler(IObjectDetector detector, string name)
    {
        ArgumentNullException.ThrowIfNull(detector);
        _detector = detector;
        Name = name;
        _worker = new Thread(Work) { IsBackground = true, Name = $"inference {name}" };
        _worker.Start();
    }

    public string Name { get; }

    public IObjectDetector Detector => _detector;

    /// <summary>A lane for one camera; each camera that shares this detector takes one.</summary>
    public InferenceLane AddLane(string camera)
    {
        var lane = new InferenceLane(this, camera);
        lock (_gate)
            _lanes.Add(lane);
        return lane;
    }

    /// <summary>Puts the job in the lane; returns the job it replaced, which the caller skips outside the lock.</summary>
    internal IInferenceJob? Enqueue(InferenceLane lane, IInferenceJob job)
    {
        lock (_gate)
        {
            if (_stopping)
                return job;
            var replaced = lane.Waiting;
            lane.Waiting = job;
            if (replaced is null)
            {
                _waitingCount++;
                Monitor.Pulse(_gate);
            }
            return replaced;
        }
    }

    public void Dispose()
    {
        List<IInferenceJob> abandoned = [];
        lock (_gate)
        {
            if (_stopping)
                return;
            _stopping = true;
            foreach (var lane in _lanes.Where(l => l.Waiting is not null))
            {
                abandoned.Add(lane.Waiting!);
                lane.CountSkipped();
                lane.Waiting = null;
            }
            _waitingCount = 0;
            Monitor.PulseAll(_gate);
        }
        foreach (var job in abandoned)
            job.Skip();
        _worker.Join();
        _detector.Dispose();
    }

    private void Work()
    {
        while (TakeNext() is var (lane, job) && job is not null)
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                var detections = _detector.Detect(job.Frame);
                var elapsed = Stopwatch.GetElapsedTime(started);
                lane!.CountCompleted(elapsed);
                job.Complete(detections, elapsed);
            }
#pragma warning disable CA1031 // One failing frame (a model error, a camera's rule) must not stop every camera's detection: the job reports it.
            catch (Exception error)
#pragma warning restore CA1031
            {
                lane!.CountFailed();
                ReportFailure(job, error);
            }
        }
    }

    /// <summary>
    /// Jobs must not throw from <see cref="IInferenceJob.Fail"/>; if one does anyway, its exception is dropped here
    /// (the failure is already counted), because an exception escaping this thread would end the whole process.
    /// </summary>
    private static void ReportFailure(IInferenceJob job, Exception error)
    {
        try
        {
            job.Fail(error);
        }
#pragma warning disable CA1031 // See the summary: the worker serves every camera and must outlive a faulty job.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Waits for a frame and takes it from the next lane in turn after the one served last; null when stopping.</summary>
    private (InferenceLane? Lane, IInferenceJob? Job) TakeNext()
    {
        lock (_gate)
        {
            while (_waitingCount == 0 && !_stopping)
                Monitor.Wait(_gate);
            if (_stopping)
                return (null, null);
            for (var i = 0; i < _lanes.Count; i++)
            {
                var index = (_nextLane + i) % _lanes.Count;
                var lane = _lanes[index];
                if (lane.Waiting is not { } job)
                    continue;
                lane.Waiting = null;
                _waitingCount--;
                _nextLane = index + 1;
                return (lane, job);
            }
            throw new UnreachableException("a waiting count above zero with no waiting lane");
        }
    }
}
