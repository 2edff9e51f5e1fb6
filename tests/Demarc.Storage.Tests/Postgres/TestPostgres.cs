using Npgsql;

namespace Demarc.Tests;

/// <summary>
/// The PostgreSQL server the tests run against: its connection string comes from <c>DEMARC_TEST_PG</c>, which
/// <c>./test.sh</c> sets after starting a throwaway server. A missing variable fails the test (never a skip): the
/// PostgreSQL store is part of the product, and CI provides the server. Each test gets its own schema, dropped after.
/// </summary>
public static class TestPostgres
{
    /// <summary>The environment variable holding the connection string.</summary>
    public const string Variable = "DEMARC_TEST_PG";

    /// <summary>The server's connection string.</summary>
    /// <exception cref="InvalidOperationException">The variable is not set.</exception>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set: these tests need a PostgreSQL server. Run ./test.sh (it starts one), or start one yourself and set " +
                $"{Variable}=\"Host=127.0.0.1;Port=55432;Username=postgres;Database=demarc_test\".");

    /// <summary>Creates an empty schema and returns a connection string whose search path is that schema.</summary>
    public static async Task<(string ConnectionString, string Schema)> CreateSchemaAsync()
    {
        var schema = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema };
        return (builder.ToString(), schema);
    }

    /// <summary>Drops a schema made by <see cref="CreateSchemaAsync"/> and everything in it.</summary>
    public static async Task DropSchemaAsync(string schema)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
