using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Demarc.Storage.Sqlite;

/// <summary>
/// The embedded database: one SQLite file, in WAL mode so readers never wait for the writer, with <c>synchronous=FULL</c>
/// so a committed answer survives a crash or a power cut, and a busy timeout so concurrent writers (several terminals,
/// the web app) wait for each other instead of failing. Write transactions begin IMMEDIATE (Microsoft.Data.Sqlite's
/// default), which takes the write lock up front and serialises read-modify-write sequences.
/// </summary>
public sealed class SqliteDatabase : SqlDatabase
{
    private readonly string _connectionString;

    private SqliteDatabase(string path, TimeProvider time)
        : base(SqlDialect.Sqlite, time)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file (absolute).</summary>
    public string Path { get; }

    /// <inheritdoc />
    public override string Location => $"'{Path}'";

    /// <summary>The journal mode in force: <c>wal</c>, unless the file system does not support it.</summary>
    public string JournalMode { get; private set; } = "";

    /// <summary>Opens (creating if needed) a database file and its directory, switches it to WAL and applies the migrations.</summary>
    /// <exception cref="StorageException">The file cannot be created or opened, is not a database, or is newer than this build.</exception>
    public static async Task<SqliteDatabase> OpenAsync(string path, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new StorageException($"the database path '{full}' is a directory; give a file such as '{System.IO.Path.Combine(full, DataPaths.DatabaseFileName)}'");
        }

        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"cannot create the directory for the database '{full}': {e.Message}", e);
        }

        var database = new SqliteDatabase(full, time ?? TimeProvider.System);
        try
        {
            var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await using var command = Command(connection, null, "PRAGMA journal_mode=WAL", []);
                database.JournalMode = (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))?.ToString() ?? "";
            }

            await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return database;
        }
        catch (Exception e) when (e is not StorageException && database.Translate(e) is { } translated)
        {
            database.Dispose();
            throw translated;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, null, "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", [], cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw Translate(e) ?? new StorageException($"cannot open the database {Location}: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public override StorageException? Translate(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: 26 } e => new StorageException($"{Location} is not a Demarc database (SQLite: file is not a database)", e),
        SqliteException { SqliteErrorCode: 14 } e => new StorageException($"cannot open the database {Location}: {e.Message}", e),
        SqliteException { SqliteErrorCode: 8 } e => new StorageException($"the database {Location} is read-only: {e.Message}", e),
        SqliteException e => new StorageException($"database error in {Location}: {e.Message}", e),
        _ => null,
    };

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }

        base.Dispose(disposing);
    }
}
