using System.Globalization;
using System.Text;
using EdgeSecurity.Bindings.Mosquitto;

// Connects with the will given on the command line, says "connected", then waits to be killed.
if (args.Length != 5)
{
    await Console.Error.WriteLineAsync("usage: EdgeSecurity.Tools.MqttWillClient <host> <port> <client-id> <will-topic> <will-payload>");
    return 2;
}

var options = new MqttClientOptions
{
    Host = args[0],
    Port = int.Parse(args[1], CultureInfo.InvariantCulture),
    ClientId = args[2],
    Will = new MqttWill(args[3], Encoding.UTF8.GetBytes(args[4]), MqttQos.AtLeastOnce, Retain: false),
};

await using var client = new MqttClient(options);
await client.ConnectAsync();
Console.WriteLine("connected");
await Task.Delay(Timeout.Infinite);
return 0;
