using System.Data.Common;
using System.Net.Sockets;
using Npgsql;

namespace Demarc.Storage.Postgres;

/// <summary>
/// A Demarc database on a PostgreSQL server (Npgsql), for a team server or several app instances behind a load balancer.
/// The same migrations and stores as SQLite run on it (<see cref="SqlDialect.Postgres"/>). Connections come from one
/// pooled <see cref="NpgsqlDataSource"/>. Messages name the host, port and database, never the password.
/// </summary>
public sealed class PostgresDatabase : SqlDatabase
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgresDatabase(NpgsqlDataSource dataSource, string location, TimeProvider time)
        : base(SqlDialect.Postgres, time)
    {
        _dataSource = dataSource;
        Location = location;
    }

    /// <inheritdoc />
    public override string Location { get; }

    /// <summary>
    /// Whether a <c>--db</c> value is a PostgreSQL connection string (<c>Host=…;Database=…</c>) rather than a file path:
    /// it names a host or server as a <c>key=value</c> pair.
    /// </summary>
    public static bool IsConnectionString(string? value) =>
        value is not null && value.Contains('=', StringComparison.Ordinal)
        && value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2)[0].Trim())
            .Any(key => key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase));

    /// <summary>Connects, checks the server answers, and applies the migrations.</summary>
    /// <exception cref="StorageException">The connection string is not valid, the server cannot be reached or refuses the login, or the schema is newer than this build.</exception>
    public static async Task<PostgresDatabase> OpenAsync(string connectionString, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new StorageException($"the PostgreSQL connection string is not valid: {e.Message}", e);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new StorageException("the PostgreSQL connection string names no Host (for example \"Host=db.example;Database=demarc;Username=demarc\")");
        }

        // Enough connections for a busy server; Npgsql's own default (100) is kept unless the string says otherwise.
        builder.ApplicationName ??= "demarc";
        var schema = string.IsNullOrEmpty(builder.SearchPath) ? "" : $", schema {builder.SearchPath}";
        var location = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database ?? builder.Username ?? "postgres"}{schema}";
        var dataSource = NpgsqlDataSource.Create(builder);
        var database = new PostgresDatabase(dataSource, location, time ?? TimeProvider.System);
        try
        {
            await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return database;
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
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Translate(e) ?? new StorageException($"cannot connect to {Location}: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public override StorageException? Translate(Exception exception) => exception switch
    {
        PostgresException { SqlState: "28P01" or "28000" } e => new StorageException($"{Location} refused the login: {e.MessageText}", e),
        PostgresException { SqlState: "3D000" } e => new StorageException($"{Location}: the database does not exist ({e.MessageText}); create it first (createdb)", e),
        PostgresException e => new StorageException($"database error in {Location}: {e.MessageText} (SQLSTATE {e.SqlState})", e),
        NpgsqlException { InnerException: SocketException or TimeoutException } e => new StorageException($"cannot connect to {Location}: {e.InnerException!.Message}", e),
        NpgsqlException e => new StorageException($"cannot use {Location}: {e.Message}", e),
        _ => null,
    };

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _dataSource.Dispose();
        }

        base.Dispose(disposing);
    }
}
