using EdgeSecurity.Agent;
using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Gateway;
using EdgeSecurity.Bindings.Mosquitto;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Exit codes: 0 stopped cleanly, 1 could not start (environment), 2 bad command line or config.
const int CannotStart = 1;
const int BadInput = 2;

var commandLine = AgentCommandLine.Parse(args, out var commandLineError);
if (commandLine is null)
{
    await Console.Error.WriteLineAsync($"edge agent: {commandLineError}\n{AgentCommandLine.Usage}");
    return BadInput;
}
if (commandLine.ShowHelp)
{
    Console.WriteLine(AgentCommandLine.Usage);
    return 0;
}

try
{
    MosquittoLibrary.EnsureAvailable();
}
catch (Exception e) when (e is DllNotFoundException or MqttException)
{
    await Console.Error.WriteLineAsync($"edge agent: {e.Message}");
    return CannotStart;
}

var load = ConfigLoader.Load(commandLine.ConfigPath);
if (load.Config is not { } config)
{
    await Console.Error.WriteLineAsync($"edge agent: the config {commandLine.ConfigPath} has {load.Errors.Count} error(s):");
    foreach (var error in load.Errors)
        await Console.Error.WriteLineAsync(error.ToString());
    return BadInput;
}

IHost host;
try
{
    host = AgentHost.Build(config);
}
catch (AgentStartupException e)
{
    await Console.Error.WriteLineAsync($"edge agent: cannot start: {e.Message}");
    return CannotStart;
}

host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EdgeSecurity.Agent").LogInformation(
    "Edge agent {Version} starting: gateway {GatewayId} (community {Community}), broker {Broker}, control socket {Socket}, {DoorCount} door(s), {SmokeCount} relay smoke detector(s), {BusCount} RS-485 bus(es), outbox {Outbox}",
    AgentVersion.Current, config.Gateway.Id, config.Gateway.Community, config.Broker, config.ControlSocketPath, config.Doors.Count, config.SmokeDetectors.Count,
    config.Rs485Buses.Count, config.Outbox.Path);
await host.RunAsync();
return 0;
