using System.Security.Cryptography;
using EdgeSecurity.Hub.Storage;

namespace EdgeSecurity.Hub.Privacy;

/// <summary>
/// At start, after the schema and before the site is imported: loads the personal data key from
/// <c>Hub:Privacy:KeyFile</c> and proves it is the key the database's personal data was encrypted with (a check value
/// in <c>privacy_key</c>); refuses to start when the file is missing or holds another key while encrypted data exists,
/// since the hub could then neither read nor add names and phone numbers. A first start makes the key (mode 600).
/// Then encrypts what an older hub stored in plain text.
/// </summary>
public sealed class PrivacyKeyCheck(PrivacySettings settings, PersonalDataCipher cipher, HubDatabase database, ILogger<PrivacyKeyCheck> logger) : IHostedService
{
    private const string CheckColumn = "privacy_key.check_value";
    private const string CheckText = "EdgeSecurity personal data key";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var stored = await CheckValueAsync(cancellationToken).ConfigureAwait(false);
        byte[] key;
        if (File.Exists(settings.KeyFile))
            key = ReadKey(settings.KeyFile);
        else if (stored is null)
            key = CreateKey(settings.KeyFile);
        else
            throw Refuse($"个人数据已加密，但密钥文件不存在 personal data in the database is encrypted, but the key file {settings.KeyFile} " +
                $"({PrivacySettings.KeyFileKey}) does not exist: restore it from the backup of this hub (every hub of one database needs the same file)");
        cipher.Use(key);

        if (stored is null)
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var insert = connection.Command(null, "INSERT INTO privacy_key (id, check_value) VALUES (1, @check) ON CONFLICT (id) DO NOTHING;");
            insert.Bind("@check", cipher.Encrypt(CheckText, CheckColumn));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            // Another hub of the same database may have stored its own check value first.
            stored = await CheckValueAsync(cancellationToken).ConfigureAwait(false);
        }
        if (!Opens(stored!))
            throw Refuse($"密钥文件与数据库不匹配 the key file {settings.KeyFile} ({PrivacySettings.KeyFileKey}) is not the key this database's " +
                "personal data was encrypted with: use the key file of the hub that first used this database");

        var encrypted = await EncryptPlainTextAsync(cancellationToken).ConfigureAwait(false);
        if (encrypted > 0)
            logger.LogInformation("Encrypted {Count} personal data value(s) an older hub had stored in plain text", encrypted);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private bool Opens(string stored)
    {
        try
        {
            return cipher.Decrypt(stored, CheckColumn) == CheckText;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private InvalidOperationException Refuse(string message)
    {
        logger.LogCritical("{Reason}", message);
        return new InvalidOperationException(message);
    }

    private async Task<string?> CheckValueAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.Command(null, "SELECT check_value FROM privacy_key WHERE id = 1;");
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
    }

    private byte[] ReadKey(string path)
    {
        var text = File.ReadAllText(path).Trim();
        var key = new byte[PersonalDataCipher.KeyBytes];
        return Convert.TryFromBase64String(text, key, out var written) && written == key.Length
            ? key
            : throw Refuse($"密钥文件无效 the key file {path} ({PrivacySettings.KeyFileKey}) must hold {PersonalDataCipher.KeyBytes} bytes in Base64 on one line");
    }

    /// <summary>Written aside and renamed into place, so hubs sharing the file and starting together agree on one key.</summary>
    private byte[] CreateKey(string path)
    {
        var key = RandomNumberGenerator.GetBytes(PersonalDataCipher.KeyBytes);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.partial";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(Convert.ToBase64String(key));
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return ReadKey(path);
        }
        logger.LogWarning("Made a new personal data key in {KeyFile}: back it up with the database, which cannot be read without it", path);
        return key;
    }

    /// <summary>Personal data columns a hub before schema step 11 wrote in plain text, encrypted in place.</summary>
    private async Task<int> EncryptPlainTextAsync(CancellationToken ct)
    {
        var count = 0;
        foreach (var (table, keyColumn, column) in PersonalColumns.All)
        {
            await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
            await using var transaction = await database.BeginWriteAsync(connection, ct).ConfigureAwait(false);
            var plain = new List<(object Key, string Value)>();
            await using (var select = connection.Command(transaction, $"SELECT {keyColumn}, {column} FROM {table} WHERE {column} IS NOT NULL AND {column} NOT LIKE 'enc:v1:%';"))
            await using (var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    plain.Add((reader.GetValue(0), reader.GetString(1)));
            }
            foreach (var (key, value) in plain)
            {
                await using var update = connection.Command(transaction, $"UPDATE {table} SET {column} = @value WHERE {keyColumn} = @key;");
                update.Bind("@value", cipher.Encrypt(value, $"{table}.{column}"));
                update.Bind("@key", key);
                await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            count += plain.Count;
        }
        return count;
    }
}

/// <summary>The columns that hold personal data, encrypted with <see cref="PersonalDataCipher"/>; the column's name is the associated data.</summary>
public static class PersonalColumns
{
    public const string PersonName = "people.name";
    public const string PersonPhone = "people.phone";
    public const string SubscriptionTarget = "notification_subscriptions.target";
    public const string SubscriptionSecret = "notification_subscriptions.secret";

    internal static readonly (string Table, string KeyColumn, string Column)[] All =
    [
        ("people", "login", "name"),
        ("people", "login", "phone"),
        ("notification_subscriptions", "id", "target"),
        ("notification_subscriptions", "id", "secret"),
    ];
}
