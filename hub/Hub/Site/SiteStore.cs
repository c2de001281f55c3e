using EdgeSecurity.Hub.People;
using EdgeSecurity.Hub.Places;
using EdgeSecurity.Hub.Privacy;
using EdgeSecurity.Hub.Storage;
using System.Data.Common;

namespace EdgeSecurity.Hub.Site;

/// <summary>
/// Places, gateway registrations and people in the hub's database. An import is one transaction: all of it or nothing.
/// People's names and phone numbers are stored encrypted (<see cref="PersonalDataCipher"/>); a person an admin erased
/// is not imported again.
/// </summary>
public sealed class SiteStore(HubDatabase database, PersonalDataCipher cipher)
{
    public async Task<Site> LoadAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await database.BeginReadAsync(connection, ct).ConfigureAwait(false);

        var places = new List<SitePlace>();
        await using (var reader = await connection.Command(transaction, "SELECT id, parent_id, level, name, code FROM places;").ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                places.Add(new SitePlace(reader.GetString(0), reader.GetNullableString(1), ApiNames.Parse<PlaceLevel>(reader.GetString(2)), reader.GetString(3), reader.GetNullableString(4)));
        }

        var gateways = new List<KeyValuePair<string, string>>();
        await using (var reader = await connection.Command(transaction, "SELECT gateway_id, community FROM site_gateways;").ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                gateways.Add(new(reader.GetString(0), reader.GetString(1)));
        }

        var scopes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using (var reader = await connection.Command(transaction, "SELECT login, place_id FROM person_scopes ORDER BY login, place_id;").ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                (scopes.TryGetValue(reader.GetString(0), out var list) ? list : scopes[reader.GetString(0)] = []).Add(reader.GetString(1));
        }

        var people = new List<Person>();
        await using (var reader = await connection.Command(transaction, "SELECT login, name, role, phone FROM people;").ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                people.Add(new Person(reader.GetString(0), cipher.Decrypt(reader.GetString(1), PersonalColumns.PersonName), ApiNames.Parse<Role>(reader.GetString(2)),
                    cipher.DecryptNullable(reader.GetNullableString(3), PersonalColumns.PersonPhone),
                    scopes.GetValueOrDefault(reader.GetString(0)) ?? []));
        }
        return new Site(places, gateways, people);
    }

    /// <summary>Adds or updates every row; a person's scopes are replaced by the imported ones, and their password only when one is given.</summary>
    public async Task ImportAsync(SiteData data, CancellationToken ct)
    {
        var hashes = data.People.ToDictionary(p => p.Login, p => p.PasswordHash ?? (p.Password is null ? null : PasswordHashing.Hash(p.Password)));

        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, ct).ConfigureAwait(false);
        foreach (var place in data.Places)
        {
            await using var command = connection.Command(transaction,
                "INSERT INTO places (id, parent_id, level, name, code) VALUES (@id, @parent, @level, @name, @code) " +
                "ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, level = excluded.level, name = excluded.name, code = excluded.code;");
            command.Bind("@id", place.Id);
            command.Bind("@parent", DbValues.Nullable(place.ParentId));
            command.Bind("@level", ApiNames.Of(place.Level));
            command.Bind("@name", place.Name);
            command.Bind("@code", DbValues.Nullable(place.Code));
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        foreach (var gateway in data.Gateways)
        {
            await using var command = connection.Command(transaction,
                "INSERT INTO site_gateways (gateway_id, community) VALUES (@id, @community) ON CONFLICT (gateway_id) DO UPDATE SET community = excluded.community;");
            command.Bind("@id", gateway.Id);
            command.Bind("@community", gateway.Community);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        var erased = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await connection.Command(transaction, "SELECT login FROM privacy_erasures;").ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                erased.Add(reader.GetString(0));
        }
        foreach (var person in data.People.Where(p => !erased.Contains(p.Login)))
        {
            await using (var command = connection.Command(transaction,
                "INSERT INTO people (login, name, role, phone, password_hash, failed_logins) VALUES (@login, @name, @role, @phone, @hash, 0) " +
                "ON CONFLICT (login) DO UPDATE SET name = excluded.name, role = excluded.role, phone = excluded.phone, " +
                "password_hash = coalesce(@newHash, people.password_hash);"))
            {
                command.Bind("@login", person.Login);
                command.Bind("@name", cipher.Encrypt(person.Name, PersonalColumns.PersonName));
                command.Bind("@role", ApiNames.Of(person.Role));
                command.Bind("@phone", DbValues.Nullable(cipher.EncryptNullable(person.Phone, PersonalColumns.PersonPhone)));
                command.Bind("@hash", hashes[person.Login] ?? "");
                command.Bind("@newHash", DbValues.Nullable(hashes[person.Login]));
                await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            await using (var clear = connection.Command(transaction, "DELETE FROM person_scopes WHERE login = @login;"))
            {
                clear.Bind("@login", person.Login);
                await clear.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            foreach (var scope in person.Scopes.Distinct(StringComparer.Ordinal))
            {
                await using var add = connection.Command(transaction, "INSERT INTO person_scopes (login, place_id) VALUES (@login, @place) ON CONFLICT DO NOTHING;");
                add.Bind("@login", person.Login);
                add.Bind("@place", scope);
                await add.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

}
