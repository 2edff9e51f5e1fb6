using Demarc.Storage.Postgres;
using Demarc.Storage.Scans;
using Demarc.Tests;

namespace Demarc.Storage.Tests.Scans;

/// <summary>The scan-store contract on a real PostgreSQL server (a fresh schema per test).</summary>
public sealed class PostgresScanStoreTests : ScanStoreContract
{
    private readonly List<PostgresDatabase> _databases = [];
    private string _connectionString = "";
    private string _schema = "";

    public override async Task InitializeAsync() => (_connectionString, _schema) = await TestPostgres.CreateSchemaAsync();

    public override async Task DisposeAsync()
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

    protected override async Task<IScanStore> OpenStoreAsync()
    {
        var database = await PostgresDatabase.OpenAsync(_connectionString);
        lock (_databases)
        {
            _databases.Add(database);
        }

        return new SqlScanStore(database);
    }
}
