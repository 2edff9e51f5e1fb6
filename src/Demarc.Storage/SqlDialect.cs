namespace Demarc.Storage;

/// <summary>
/// The few places where SQL differs between the databases Demarc supports. Everything else is written once, in portable
/// SQL with named parameters (<c>@name</c>), and runs on every dialect.
/// </summary>
/// <param name="Name">The dialect's name, for messages.</param>
/// <param name="IdentityColumn">The column definition of an auto-numbered primary key.</param>
/// <param name="LockForMigration">A statement run first in the migration transaction so two processes never migrate at once, or null when the transaction itself already serialises writers.</param>
/// <param name="LockRow">Appended to a SELECT that reads a row about to be updated in the same transaction (<c>FOR UPDATE</c>), or empty.</param>
public sealed record SqlDialect(string Name, string IdentityColumn, string? LockForMigration, string LockRow)
{
    /// <summary>SQLite: write transactions begin IMMEDIATE and so already hold the database's write lock.</summary>
    public static SqlDialect Sqlite { get; } = new("SQLite", "INTEGER PRIMARY KEY AUTOINCREMENT", null, "");

    /// <summary>PostgreSQL (for the store the web app adds): identity columns, an advisory lock around migrations, row locks.</summary>
    public static SqlDialect PostgreSql { get; } = new("PostgreSQL", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "SELECT pg_advisory_xact_lock(7340524)", " FOR UPDATE");
}
