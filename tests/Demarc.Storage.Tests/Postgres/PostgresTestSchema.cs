using Demarc.Storage.Postgres;
using Demarc.Tests;

namespace Demarc.Storage.Tests.Postgres;

/// <summary>
/// One test's fresh schema on the test server (<see cref="TestPostgres"/>) and the databases the test opened on it:
/// the store contract tests of every store share it, so each store is tested on a clean schema that is dropped after.
/// </summary>
internal sealed class PostgresTestSchema
{
    private readonly List<PostgresDatabase> _databases = [];
    private string _connectionString = "";
    private string _schema = "";

    public async Task CreateAsync() => (_connectionString, _schema) = await TestPostgres.CreateSchemaAsync();

    /// <summary>Opens a database on the schema (tests open several to check that data outlives a connection).</summary>
    public async Task<PostgresDatabase> OpenAsync()
    {
        var database = await PostgresDatabase.OpenAsync(_connectionString);
        lock (_databases)
        {
            _databases.Add(database);
        }

        return database;
    }

    /// <summary>Closes what was opened and drops the schema.</summary>
    public async Task DropAsync()
    {
        foreach (var database in _databases)
        {
            database.Dispose();
        }

        if (_schema.Length > 0)
        {
            await TestPostgres.DropSchemaAsync(_schema);
        }
    }
}
