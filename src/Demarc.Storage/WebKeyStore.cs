namespace Demarc.Storage;

/// <summary>
/// The web app's data-protection keys (they sign antiforgery tokens), kept in the database so that every instance of the
/// app on one database accepts the forms of the others: behind a load balancer, a form served by one instance is posted
/// to another. Keys are only ever added.
/// </summary>
public sealed class WebKeyStore(SqlDatabase database)
{
    /// <summary>Every key's XML, oldest first.</summary>
    public async Task<IReadOnlyList<string>> LoadAllAsync(CancellationToken cancellationToken = default) =>
        await database.RunAsync(async (connection, transaction) =>
        {
            var keys = new List<string>();
            await using var command = SqlDatabase.Command(connection, transaction, "SELECT xml FROM web_key ORDER BY created_at, name", []);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                keys.Add(reader.GetString(0));
            }

            return (IReadOnlyList<string>)keys;
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>Adds a key; a name already stored is left as it is.</summary>
    public async Task SaveAsync(string name, string xml, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(xml);
        await database.RunAsync(
            async (connection, transaction) => await SqlDatabase.ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO web_key (name, xml, created_at) VALUES (@name, @xml, @at) ON CONFLICT (name) DO NOTHING",
                [("name", name), ("xml", xml), ("at", database.Time.GetUtcNow().ToUnixTimeMilliseconds())],
                cancellationToken).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }
}
