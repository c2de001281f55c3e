using EdgeSecurity.Benchmarks;

var scenarios = new Dictionary<string, Func<string[], Task>>
{
    ["door-to-sse"] = DoorToSseLatency.RunAsync,
    ["door-edge"] = DoorEdgeLatency.RunAsync,
    ["chaos"] = ChaosBenchmark.RunAsync,
    ["modbus"] = ModbusRoundTrip.RunAsync,
    ["modbus-poll"] = ModbusPollCycle.RunAsync,
    ["detect"] = DetectOverhead.RunAsync,
    ["video"] = VideoThroughput.RunAsync,
    ["influx"] = InfluxThroughput.RunAsync,
    ["ingest"] = IngestThroughput.RunAsync,
    ["evidence"] = EvidenceSnapshot.RunAsync,
    ["pipeline-overhead"] = CameraPipelineBenchmarks.OverheadAsync,
    ["cameras"] = CameraPipelineBenchmarks.CamerasAsync,
    ["agent-rss"] = CameraPipelineBenchmarks.AgentRssAsync,
    ["dashboard-alert"] = DashboardAlertLatency.RunAsync,
    ["soak"] = SoakBenchmark.RunAsync,
};

if (args.Length == 0 || !scenarios.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project tests/Benchmarks -- <{string.Join('|', scenarios.Keys)}> [options]");
    return 2;
}
await run(args[1..]);
return 0;
