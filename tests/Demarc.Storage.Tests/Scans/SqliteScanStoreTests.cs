using Demarc.Storage.Scans;
using Demarc.Storage.Sqlite;

namespace Demarc.Storage.Tests.Scans;

/// <summary>The scan-store contract on a real SQLite file in a temporary directory.</summary>
public sealed class SqliteScanStoreTests : ScanStoreContract
{
    private readonly List<SqliteDatabase> _databases = [];
    private string _directory = "";

    public override Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("demarc-scans-").FullName;
        return Task.CompletedTask;
    }

    public override Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            database.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    protected override async Task<IScanStore> OpenStoreAsync()
    {
        var database = await SqliteDatabase.OpenAsync(Path.Combine(_directory, "demarc.db"));
        lock (_databases)
        {
            _databases.Add(database);
        }

        return new SqlScanStore(database);
    }
}
