namespace EdgeSecurity.Bindings.Mosquitto.Tests;

public sealed class MosquittoLibraryTests
{
    [Fact]
    public void LibraryLoadsAndInitialisesRepeatedly()
    {
        MosquittoLibrary.EnsureAvailable();
        MosquittoLibrary.EnsureAvailable();
    }
}
