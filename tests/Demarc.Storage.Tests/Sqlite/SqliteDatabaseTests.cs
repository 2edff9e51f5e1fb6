using Demarc.Storage.Quiz;
using Demarc.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Demarc.Storage.Tests.Sqlite;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("demarc-db-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task OpenAsync_NewFileInMissingDirectories_CreatesItInWalModeWithTheLatestSchema()
    {
        var path = Path.Combine(_directory, "a", "b", "demarc.db");

        using var database = await SqliteDatabase.OpenAsync(path);

        Assert.True(File.Exists(path));
        Assert.Equal("wal", database.JournalMode);
        Assert.Equal(Migrations.Latest, await database.SchemaVersionAsync());
        Assert.Equal(Path.GetFullPath(path), database.Path);
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task OpenAsync_ConnectionsUseFullSynchronousAndABusyTimeout()
    {
        using var database = await SqliteDatabase.OpenAsync(Path.Combine(_directory, "demarc.db"));
        await using var connection = await database.OpenConnectionAsync();

        Assert.Equal(2L, await Scalar(connection, "PRAGMA synchronous"));      // 2 = FULL
        Assert.Equal(30000L, await Scalar(connection, "PRAGMA busy_timeout"));
    }

    [Fact]
    public async Task MigrateAsync_SecondOpen_AppliesNothingAndKeepsData()
    {
        var path = Path.Combine(_directory, "demarc.db");
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using (var first = await SqliteDatabase.OpenAsync(path, time))
        {
            await new SqlProgressStore(first).RecordAnswerAsync(new("ana", "i", new("who", null, null, null), "Q?", "A", "A", true, time.GetUtcNow()));
        }

        using var second = await SqliteDatabase.OpenAsync(path, time);

        Assert.Equal(0, await second.MigrateAsync());
        Assert.Single(await new SqlProgressStore(second).LoadProgressAsync("ana"));
        await using var connection = await second.OpenConnectionAsync();
        Assert.Equal((long)Migrations.All.Count, await Scalar(connection, "SELECT COUNT(*) FROM demarc_schema"));
        Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), await Scalar(connection, "SELECT MIN(applied_at) FROM demarc_schema"));
    }

    [Fact]
    public async Task OpenAsync_ManyProcessesStartingAtOnce_MigrateOnce()
    {
        var path = Path.Combine(_directory, "demarc.db");

        var databases = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => SqliteDatabase.OpenAsync(path))));

        await using var connection = await databases[0].OpenConnectionAsync();
        Assert.Equal((long)Migrations.All.Count, await Scalar(connection, "SELECT COUNT(*) FROM demarc_schema"));
        foreach (var database in databases)
        {
            database.Dispose();
        }
    }

    [Fact]
    public async Task OpenAsync_NewerSchema_IsRefusedWithAClearMessage()
    {
        var path = Path.Combine(_directory, "demarc.db");
        using (var database = await SqliteDatabase.OpenAsync(path))
        {
            await using var connection = await database.OpenConnectionAsync();
            await Scalar(connection, $"INSERT INTO demarc_schema (version, name, applied_at) VALUES ({Migrations.Latest + 1}, 'from the future', 0)");
        }

        var error = await Assert.ThrowsAsync<StorageException>(() => SqliteDatabase.OpenAsync(path));

        Assert.Contains($"schema version {Migrations.Latest + 1}", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_FileThatIsNotADatabase_IsRefusedWithAClearMessage()
    {
        var path = Path.Combine(_directory, "notes.txt");
        await File.WriteAllTextAsync(path, new string('x', 4096));

        var error = await Assert.ThrowsAsync<StorageException>(() => SqliteDatabase.OpenAsync(path));

        Assert.Contains("is not a Demarc database", error.Message, StringComparison.Ordinal);
        Assert.Equal(new string('x', 4096), await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task OpenAsync_PathIsADirectory_IsRefused()
    {
        var error = await Assert.ThrowsAsync<StorageException>(() => SqliteDatabase.OpenAsync(_directory));

        Assert.Contains("is a directory", error.Message, StringComparison.Ordinal);
    }

    private static async Task<object?> Scalar(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
