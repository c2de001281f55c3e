using EdgeSecurity.Bindings.Mosquitto;
using EdgeSecurity.Hub;

try
{
    MosquittoLibrary.EnsureAvailable();
}
catch (DllNotFoundException e)
{
    await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
    return 1;
}

await HubApp.Build(args).RunAsync().ConfigureAwait(false);
return 0;

public partial class Program;
