using Demarc.Storage.Quiz;
using Demarc.Storage.Sqlite;
using Demarc.Storage.Tests.Quiz;

namespace Demarc.Storage.Tests.Sqlite;

/// <summary>The progress-store contract on a real SQLite file in a temporary directory.</summary>
public sealed class SqliteProgressStoreTests : ProgressStoreContract
{
    private readonly List<SqliteDatabase> _databases = [];
    private string _directory = "";

    public string DatabasePath => Path.Combine(_directory, "demarc.db");

    public override Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("demarc-store-").FullName;
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

    protected override async Task<IProgressStore> OpenStoreAsync()
    {
        var database = await SqliteDatabase.OpenAsync(DatabasePath);
        lock (_databases)
        {
            _databases.Add(database);
        }

        return new SqlProgressStore(database);
    }
}
