using EdgeSecurity.Benchmarks;

var scenarios = new Dictionary<string, Func<string[], Task>>
{
    ["door-to-sse"] = DoorToSseLatency.RunAsync,
    ["chaos"] = ChaosBenchmark.RunAsync,
    ["modbus"] = ModbusRoundTrip.RunAsync,
    ["detect"] = DetectOverhead.RunAsync,
    ["video"] = VideoThroughput.RunAsync,
    ["influx"] = InfluxThroughput.RunAsync,
    ["dashboard-alert"] = DashboardAlertLatency.RunAsync,
};

if (args.Length == 0 || !scenarios.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project tests/Benchmarks -- <{string.Join('|', scenarios.Keys)}> [options]");
    return 2;
}
await run(args[1..]);
return 0;
