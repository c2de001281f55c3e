using System.Xml.Linq;
using EdgeSecurity.Hub.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace EdgeSecurity.Hub.Access;

/// <summary>
/// Keeps the keys that sign session cookies in the hub's database, so sessions survive restarts and every hub sharing
/// a PostgreSQL database accepts the cookies of the others.
/// </summary>
public sealed class DatabaseKeyRepository(HubDatabase database) : IXmlRepository
{
    // ASP.NET Core's key ring calls these synchronously, rarely (at start and when a key rolls over) and caches the result.
    public IReadOnlyCollection<XElement> GetAllElements() => GetAllAsync().GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) => StoreAsync(element, friendlyName).GetAwaiter().GetResult();

    private async Task<IReadOnlyCollection<XElement>> GetAllAsync()
    {
        await using var connection = await database.OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = connection.Command(null, "SELECT xml FROM data_protection_keys ORDER BY name;");
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        var keys = new List<XElement>();
        while (await reader.ReadAsync().ConfigureAwait(false))
            keys.Add(XElement.Parse(reader.GetString(0)));
        return keys;
    }

    private async Task StoreAsync(XElement element, string friendlyName)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = connection.Command(null, "INSERT INTO data_protection_keys (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO NOTHING;")
            .Bind("@name", friendlyName)
            .Bind("@xml", element.ToString(SaveOptions.DisableFormatting));
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
