using System.Net;
using System.Net.Sockets;
using Demarc.Storage.Postgres;
using Demarc.Storage.Quiz;
using Demarc.Tests;
using Npgsql;

namespace Demarc.Storage.Tests.Postgres;

public sealed class PostgresDatabaseTests : IAsyncLifetime
{
    private string _connectionString = "";
    private string _schema = "";

    public async Task InitializeAsync() => (_connectionString, _schema) = await TestPostgres.CreateSchemaAsync();

    public async Task DisposeAsync()
    {
        if (_schema.Length > 0)
        {
            await TestPostgres.DropSchemaAsync(_schema);
        }
    }

    [Fact]
    public async Task OpenAsync_EmptySchema_AppliesEveryMigration()
    {
        using var database = await PostgresDatabase.OpenAsync(_connectionString);

        Assert.Equal(Migrations.Latest, await database.SchemaVersionAsync());
        Assert.Equal("PostgreSQL", database.Dialect.Name);
        Assert.Contains(_schema, database.Location, StringComparison.Ordinal);
        Assert.Equal(0, await database.MigrateAsync());
    }

    [Fact]
    public async Task OpenAsync_ManyInstancesStartingAtOnce_MigrateOnce()
    {
        var databases = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => PostgresDatabase.OpenAsync(_connectionString))));

        await using var connection = await databases[0].OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM demarc_schema";
        Assert.Equal((long)Migrations.All.Count, await command.ExecuteScalarAsync());
        foreach (var database in databases)
        {
            database.Dispose();
        }
    }

    [Fact]
    public async Task OpenAsync_NewerSchema_IsRefusedWithAClearMessage()
    {
        using (var database = await PostgresDatabase.OpenAsync(_connectionString))
        {
            await new SqlProgressStore(database).RecordAnswerAsync(new("ana", "i", new("who", null, null, null), "Q?", "A", "A", true, DateTimeOffset.UnixEpoch));
            await using var connection = await database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"INSERT INTO demarc_schema (version, name, applied_at) VALUES ({Migrations.Latest + 1}, 'from the future', 0)";
            await command.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<StorageException>(() => PostgresDatabase.OpenAsync(_connectionString));

        Assert.Contains($"schema version {Migrations.Latest + 1}", error.Message, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_NothingListening_SaysItCannotConnectWithoutThePassword()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var error = await Assert.ThrowsAsync<StorageException>(() => PostgresDatabase.OpenAsync($"Host=127.0.0.1;Port={port};Username=u;Password=s3cret-pw;Database=d;Timeout=3"));

        Assert.Contains($"cannot connect to PostgreSQL 127.0.0.1:{port}/d", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_MissingDatabase_SaysSo()
    {
        var builder = new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { Database = "no_such_db_" + Guid.NewGuid().ToString("N")[..8] };

        var error = await Assert.ThrowsAsync<StorageException>(() => PostgresDatabase.OpenAsync(builder.ToString()));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=db;Database=demarc", true)]
    [InlineData("server = db.example ; database=x", true)]
    [InlineData("/home/me/demarc.db", false)]
    [InlineData("team=a.db", false)]
    [InlineData(null, false)]
    public void IsConnectionString_TellsConnectionStringsFromPaths(string? value, bool expected) =>
        Assert.Equal(expected, PostgresDatabase.IsConnectionString(value));
}
