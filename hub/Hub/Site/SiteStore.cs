using EdgeSecurity.Hub.People;
using EdgeSecurity.Hub.Places;
using EdgeSecurity.Hub.Storage;
using Microsoft.Data.Sqlite;

namespace EdgeSecurity.Hub.Site;

/// <summary>Places, gateway registrations and people in the hub's database. An import is one transaction: all of it or nothing.</summary>
public sealed class SiteStore(HubDatabase database)
{
    public async Task<Site> LoadAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);

        var places = new List<SitePlace>();
        await using (var reader = await Command(connection, transaction, "SELECT id, parent_id, level, name, code FROM places;").ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                places.Add(new SitePlace(reader.GetString(0), reader.GetNullableString(1), ApiNames.Parse<PlaceLevel>(reader.GetString(2)), reader.GetString(3), reader.GetNullableString(4)));
        }

        var gateways = new List<KeyValuePair<string, string>>();
        await using (var reader = await Command(connection, transaction, "SELECT gateway_id, community FROM site_gateways;").ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                gateways.Add(new(reader.GetString(0), reader.GetString(1)));
        }

        var scopes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using (var reader = await Command(connection, transaction, "SELECT login, place_id FROM person_scopes ORDER BY login, place_id;").ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                (scopes.TryGetValue(reader.GetString(0), out var list) ? list : scopes[reader.GetString(0)] = []).Add(reader.GetString(1));
        }

        var people = new List<Person>();
        await using (var reader = await Command(connection, transaction, "SELECT login, name, role, phone FROM people;").ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                people.Add(new Person(reader.GetString(0), reader.GetString(1), ApiNames.Parse<Role>(reader.GetString(2)), reader.GetNullableString(3),
                    scopes.GetValueOrDefault(reader.GetString(0)) ?? []));
        }
        return new Site(places, gateways, people);
    }

    /// <summary>Adds or updates every row; a person's scopes are replaced by the imported ones, and their password only when one is given.</summary>
    public async Task ImportAsync(SiteData data, CancellationToken ct)
    {
        var hashes = data.People.ToDictionary(p => p.Login, p => p.PasswordHash ?? (p.Password is null ? null : PasswordHashing.Hash(p.Password)));

        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        foreach (var place in data.Places)
        {
            await using var command = Command(connection, transaction,
                "INSERT INTO places (id, parent_id, level, name, code) VALUES ($id, $parent, $level, $name, $code) " +
                "ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, level = excluded.level, name = excluded.name, code = excluded.code;");
            command.Parameters.AddWithValue("$id", place.Id);
            command.Parameters.AddWithValue("$parent", SqliteValues.Nullable(place.ParentId));
            command.Parameters.AddWithValue("$level", ApiNames.Of(place.Level));
            command.Parameters.AddWithValue("$name", place.Name);
            command.Parameters.AddWithValue("$code", SqliteValues.Nullable(place.Code));
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        foreach (var gateway in data.Gateways)
        {
            await using var command = Command(connection, transaction,
                "INSERT INTO site_gateways (gateway_id, community) VALUES ($id, $community) ON CONFLICT (gateway_id) DO UPDATE SET community = excluded.community;");
            command.Parameters.AddWithValue("$id", gateway.Id);
            command.Parameters.AddWithValue("$community", gateway.Community);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        foreach (var person in data.People)
        {
            await using (var command = Command(connection, transaction,
                "INSERT INTO people (login, name, role, phone, password_hash, failed_logins) VALUES ($login, $name, $role, $phone, $hash, 0) " +
                "ON CONFLICT (login) DO UPDATE SET name = excluded.name, role = excluded.role, phone = excluded.phone, " +
                "password_hash = coalesce($newHash, people.password_hash);"))
            {
                command.Parameters.AddWithValue("$login", person.Login);
                command.Parameters.AddWithValue("$name", person.Name);
                command.Parameters.AddWithValue("$role", ApiNames.Of(person.Role));
                command.Parameters.AddWithValue("$phone", SqliteValues.Nullable(person.Phone));
                command.Parameters.AddWithValue("$hash", hashes[person.Login] ?? "");
                command.Parameters.AddWithValue("$newHash", SqliteValues.Nullable(hashes[person.Login]));
                await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            await using (var clear = Command(connection, transaction, "DELETE FROM person_scopes WHERE login = $login;"))
            {
                clear.Parameters.AddWithValue("$login", person.Login);
                await clear.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            foreach (var scope in person.Scopes.Distinct(StringComparer.Ordinal))
            {
                await using var add = Command(connection, transaction, "INSERT INTO person_scopes (login, place_id) VALUES ($login, $place);");
                add.Parameters.AddWithValue("$login", person.Login);
                add.Parameters.AddWithValue("$place", scope);
                await add.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
