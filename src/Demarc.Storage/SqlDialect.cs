namespace Demarc.Storage;

/// <summary>
/// The few places where SQL differs between the databases Demarc supports. Everything else is written once, in portable
/// SQL with named parameters (<c>@name</c>), and runs on every dialect; the same contract tests run against each.
/// </summary>
/// <param name="Name">The dialect's name, for messages.</param>
/// <param name="IdentityColumn">The column definition of an auto-numbered primary key.</param>
/// <param name="LockForMigration">A statement run first in the migration transaction so two processes never migrate at once, or null when the transaction itself already serialises writers.</param>
/// <param name="LockRow">Appended to a SELECT that reads a row about to be updated in the same transaction (<c>FOR UPDATE</c>), or empty.</param>
public sealed record SqlDialect(string Name, string IdentityColumn, string? LockForMigration, string LockRow)
{
    /// <summary>SQLite: write transactions begin IMMEDIATE and so already hold the database's write lock.</summary>
    public static SqlDialect Sqlite { get; } = new("SQLite", "INTEGER PRIMARY KEY AUTOINCREMENT", null, "");

    /// <summary>
    /// PostgreSQL: identity columns; an advisory lock held by the migration transaction (so several app instances starting at
    /// once migrate one after the other); <c>FOR UPDATE</c> on a row read before it is updated, since READ COMMITTED
    /// transactions do not otherwise serialise read-modify-write.
    /// </summary>
    public static SqlDialect Postgres { get; } = new(
        "PostgreSQL",
        "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        "SELECT pg_advisory_xact_lock(4477106530719273)",
        " FOR UPDATE");
}
