using Demarc.Storage.Postgres;
using Demarc.Storage.Sqlite;

namespace Demarc.Storage;

/// <summary>Opens the database a <c>--db</c> value names: a PostgreSQL connection string, or a SQLite file path.</summary>
public static class Databases
{
    /// <summary>
    /// A PostgreSQL connection string (<c>Host=…;Database=…</c>) opens a <see cref="PostgresDatabase"/>; anything else is a
    /// SQLite file path; null or empty is the default file (<see cref="DataPaths.DefaultDatabase"/>). Migrations are applied.
    /// </summary>
    /// <exception cref="StorageException">The database cannot be opened; the message says why and where.</exception>
    public static async Task<SqlDatabase> OpenAsync(string? target, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        if (PostgresDatabase.IsConnectionString(target))
        {
            return await PostgresDatabase.OpenAsync(target!, time, cancellationToken).ConfigureAwait(false);
        }

        var path = string.IsNullOrWhiteSpace(target) ? DataPaths.DefaultDatabase() : target;
        return await SqliteDatabase.OpenAsync(path, time, cancellationToken).ConfigureAwait(false);
    }
}
