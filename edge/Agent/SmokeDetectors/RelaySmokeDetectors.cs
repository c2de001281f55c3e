using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Publishing;
using EdgeSecurity.Bindings.Gpiod;
using EdgeSecurity.Contract;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.SmokeDetectors;

/// <summary>
/// The dry-contact smoke detectors of this gateway. Detectors with <c>source: gpio</c> read the gateway's lines through
/// libgpiod; <c>source: simulated</c> ones read lines of an in-process <see cref="SimulatedLines"/> chip that the control
/// socket switches, so a simulated detector runs exactly the code of a wired one, debounce included.
/// </summary>
public sealed class RelaySmokeDetectors : BackgroundService
{
    /// <summary>The in-process chip of the simulated relays: lines 2n (alarm) and 2n+1 (fault) belong to the n-th simulated detector.</summary>
    public const string SimulatedChip = "simulated-smoke";

    private readonly Dictionary<string, RelaySmokeDetector> _byId;
    private readonly SimulatedLines _simulated;

    /// <exception cref="AgentStartupException">A detector uses GPIO and libgpiod is not installed.</exception>
    public RelaySmokeDetectors(AgentConfig config, TimeProvider time, IEventPublisher publisher, ILoggerFactory loggers)
    {
        _simulated = new SimulatedLines(time);
        var simulatedCount = config.SmokeDetectors.Count(d => d.Source == SmokeRelaySource.Simulated);
        if (simulatedCount > 0)
            _simulated.AddChip(SimulatedChip, 2 * simulatedCount, "edgesecurity-simulated-smoke-relays");
        var gpio = config.SmokeDetectors.Any(d => d.Source == SmokeRelaySource.Gpio) ? OpenLibgpiod() : null;

        var gateway = config.Gateway;
        var logger = loggers.CreateLogger<RelaySmokeDetector>();
        var detectors = new List<RelaySmokeDetector>();
        var simulatedIndex = 0;
        foreach (var detector in config.SmokeDetectors)
        {
            var place = new Place(gateway.Community, gateway.Grid, detector.Place.Building, detector.Place.Unit, detector.Place.Floor, detector.Place.Room);
            var status = new DetectorStatus(detector.Id, place, detector.Name, publisher, loggers.CreateLogger<DetectorStatus>());
            if (detector.Source == SmokeRelaySource.Gpio)
            {
                detectors.Add(new RelaySmokeDetector(detector, gpio!, status, time, logger));
                continue;
            }
            var wired = detector with
            {
                AlarmLine = GpioLineAddress.OnChip(SimulatedChip, 2 * simulatedIndex),
                FaultLine = GpioLineAddress.OnChip(SimulatedChip, (2 * simulatedIndex) + 1),
                Bias = GpioBias.PullUp,
                ActiveLow = true,
            };
            simulatedIndex++;
            // At rest, as wired: the pulled-up alarm input is open (high), the fault relay of a healthy detector closed (low).
            _simulated.SetLevel(wired.AlarmLine, high: true);
            _simulated.SetLevel(wired.FaultLine, high: false);
            detectors.Add(new RelaySmokeDetector(wired, _simulated, status, time, logger));
        }
        All = detectors;
        _byId = detectors.ToDictionary(d => d.Config.Id, StringComparer.Ordinal);
    }

    /// <summary>In config order.</summary>
    public IReadOnlyList<RelaySmokeDetector> All { get; }

    public RelaySmokeDetector? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Switches a simulated detector's relay as the real detector would; the change arrives through its line like a wired one's.</summary>
    /// <returns>False when the detector is not simulated.</returns>
    public bool Switch(RelaySmokeDetector detector, SimulatedRelay relay)
    {
        if (detector.Config.Source != SmokeRelaySource.Simulated)
            return false;
        // Active-low wiring: a closed contact pulls its input low.
        switch (relay)
        {
            case SimulatedRelay.Alarm:
                _simulated.SetLevel(detector.Config.AlarmLine!, high: false);
                break;
            case SimulatedRelay.Clear:
                _simulated.SetLevel(detector.Config.AlarmLine!, high: true);
                break;
            case SimulatedRelay.Fault:
                _simulated.SetLevel(detector.Config.FaultLine!, high: true);
                break;
            case SimulatedRelay.Restore:
                _simulated.SetLevel(detector.Config.FaultLine!, high: false);
                break;
        }
        return true;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(All.Select(detector => detector.RunAsync(stoppingToken)));

    private static LibgpiodLines OpenLibgpiod()
    {
        try
        {
            return new LibgpiodLines();
        }
        catch (DllNotFoundException e)
        {
            throw new AgentStartupException(e.Message, e);
        }
    }
}

/// <summary>What an operator can do to a simulated detector's relays.</summary>
public enum SimulatedRelay
{
    /// <summary>The alarm relay closes (smoke).</summary>
    Alarm,

    /// <summary>The alarm relay opens again (the detector was reset).</summary>
    Clear,

    /// <summary>The fault relay drops out (fault, head removed, power lost, cable cut).</summary>
    Fault,

    /// <summary>The fault relay closes again (healthy).</summary>
    Restore,
}
