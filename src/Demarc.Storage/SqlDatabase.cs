using System.Data.Common;
using System.Globalization;

namespace Demarc.Storage;

/// <summary>
/// A Demarc database reached through ADO.NET: opens connections, applies the schema migrations and runs portable SQL.
/// One subclass per database engine supplies the connection and the <see cref="SqlDialect"/>; the stores on top
/// (<see cref="Quiz.SqlProgressStore"/>) are written once for all engines.
/// </summary>
public abstract class SqlDatabase : IDisposable
{
    /// <summary>Creates the database access for a dialect.</summary>
    protected SqlDatabase(SqlDialect dialect, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(time);
        Dialect = dialect;
        Time = time;
    }

    /// <summary>The SQL dialect.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>The clock that stamps migrations.</summary>
    public TimeProvider Time { get; }

    /// <summary>Where the database is, for messages (a file path, or a host and database name).</summary>
    public abstract string Location { get; }

    /// <summary>Opens a connection, ready for use.</summary>
    /// <exception cref="StorageException">The database cannot be reached or is not a Demarc database.</exception>
    public abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Turns a provider exception into a <see cref="StorageException"/> that says what went wrong with which database,
    /// or returns null to let it through.
    /// </summary>
    public virtual StorageException? Translate(Exception exception) => null;

    /// <summary>
    /// Applies the migrations that have not been applied yet, in one transaction (all or nothing), serialised against other
    /// processes doing the same. Returns the number applied.
    /// </summary>
    /// <exception cref="StorageException">The database was written by a newer Demarc (a schema version this build does not know).</exception>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        return await RunAsync(async (connection, transaction) =>
        {
            if (Dialect.LockForMigration is not null)
            {
                await ExecuteAsync(connection, transaction, Dialect.LockForMigration, [], cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS demarc_schema (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)", [], cancellationToken).ConfigureAwait(false);
            var applied = new HashSet<int>();
            await using (var command = Command(connection, transaction, "SELECT version FROM demarc_schema", []))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    applied.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
                }
            }

            var newest = applied.Count == 0 ? 0 : applied.Max();
            if (newest > Migrations.Latest)
            {
                throw new StorageException($"the database {Location} has schema version {newest}, newer than this Demarc understands ({Migrations.Latest}); upgrade Demarc or use another --db");
            }

            var count = 0;
            foreach (var migration in Migrations.All.Where(m => !applied.Contains(m.Version)))
            {
                foreach (var statement in migration.Statements)
                {
                    await ExecuteAsync(connection, transaction, statement.Replace("{identity}", Dialect.IdentityColumn, StringComparison.Ordinal), [], cancellationToken).ConfigureAwait(false);
                }

                await ExecuteAsync(
                    connection,
                    transaction,
                    "INSERT INTO demarc_schema (version, name, applied_at) VALUES (@version, @name, @at)",
                    [("version", migration.Version), ("name", migration.Name), ("at", Time.GetUtcNow().ToUnixTimeMilliseconds())],
                    cancellationToken).ConfigureAwait(false);
                count++;
            }

            return count;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The schema version in the database (0 before the first migration).</summary>
    public async Task<int> SchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        return await RunAsync(async (connection, transaction) =>
        {
            await using var command = Command(connection, transaction, "SELECT MAX(version) FROM demarc_schema", []);
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is null or DBNull ? 0 : Convert.ToInt32(value, CultureInfo.InvariantCulture);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs work in one write transaction on its own connection and commits it; rolls back on failure. Provider exceptions
    /// come out as <see cref="StorageException"/> where <see cref="Translate"/> knows them.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var result = await work(connection, transaction).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return result;
                }
            }
        }
        catch (Exception e) when (e is not StorageException && Translate(e) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>A command with named parameters (<c>@name</c> in the SQL, <c>name</c> in the list).</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(parameters);
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // The SQL is the program's own; every value goes through a parameter.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Runs a statement that returns no rows; returns the rows affected.</summary>
    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, IReadOnlyList<(string Name, object? Value)> parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases pooled connections.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
