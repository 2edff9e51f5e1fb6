using System.Data.Common;
using System.Globalization;

namespace Demarc.Storage.Scans;

/// <summary><see cref="IScanStore"/> in portable, parameterised SQL over any <see cref="SqlDatabase"/>.</summary>
public sealed class SqlScanStore(SqlDatabase database) : IScanStore
{
    /// <summary>Longest id accepted.</summary>
    public const int MaxIdLength = 64;

    private const string Columns = "id, created_at, title, files, resources, violations, errors, summary";

    /// <summary>Whether a string is a valid scan id: 1 to 64 letters, digits, '-' or '_'.</summary>
    public static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <inheritdoc />
    public async Task SaveAsync(SavedScan scan, IReadOnlyDictionary<string, string> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(documents);
        CheckId(scan.Id);
        if (scan.Files.Any(f => f.Contains('\n', StringComparison.Ordinal)))
        {
            throw new ArgumentException("a file name cannot hold a line break", nameof(scan));
        }

        await database.RunAsync(async (connection, transaction) =>
        {
            await using (var exists = SqlDatabase.Command(connection, transaction, "SELECT COUNT(*) FROM scan WHERE id = @id", [("id", scan.Id)]))
            {
                if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0)
                {
                    throw new StorageException($"a scan with id '{scan.Id}' already exists in {database.Location}");
                }
            }

            await SqlDatabase.ExecuteAsync(
                connection,
                transaction,
                $"INSERT INTO scan ({Columns}) VALUES (@id, @at, @title, @files, @resources, @violations, @errors, @summary)",
                [("id", scan.Id), ("at", scan.CreatedAt.ToUnixTimeMilliseconds()), ("title", scan.Title), ("files", string.Join('\n', scan.Files)),
                    ("resources", scan.Resources), ("violations", scan.Violations), ("errors", scan.Errors), ("summary", scan.Summary)],
                cancellationToken).ConfigureAwait(false);
            foreach (var (format, content) in documents)
            {
                await SqlDatabase.ExecuteAsync(
                    connection,
                    transaction,
                    "INSERT INTO scan_document (scan_id, format, content) VALUES (@id, @format, @content)",
                    [("id", scan.Id), ("format", format), ("content", content)],
                    cancellationToken).ConfigureAwait(false);
            }

            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SavedScan>> ListAsync(int limit = 100, int offset = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return await database.RunAsync(async (connection, transaction) =>
        {
            var scans = new List<SavedScan>();
            await using var command = SqlDatabase.Command(connection, transaction, $"SELECT {Columns} FROM scan ORDER BY seq DESC LIMIT @limit OFFSET @offset", [("limit", (long)limit), ("offset", (long)offset)]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                scans.Add(Read(reader));
            }

            return (IReadOnlyList<SavedScan>)scans;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> CountAsync(CancellationToken cancellationToken = default) =>
        await database.RunAsync(async (connection, transaction) =>
        {
            await using var command = SqlDatabase.Command(connection, transaction, "SELECT COUNT(*) FROM scan", []);
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<SavedScan?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!IsValidId(id))
        {
            return null;
        }

        return await database.RunAsync(async (connection, transaction) =>
        {
            await using var command = SqlDatabase.Command(connection, transaction, $"SELECT {Columns} FROM scan WHERE id = @id", [("id", id)]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> FormatsAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!IsValidId(id))
        {
            return [];
        }

        return await database.RunAsync(async (connection, transaction) =>
        {
            var formats = new List<string>();
            await using var command = SqlDatabase.Command(connection, transaction, "SELECT format FROM scan_document WHERE scan_id = @id ORDER BY format", [("id", id)]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                formats.Add(reader.GetString(0));
            }

            return (IReadOnlyList<string>)formats;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<string?> DocumentAsync(string id, string format, CancellationToken cancellationToken = default)
    {
        if (!IsValidId(id))
        {
            return null;
        }

        return await database.RunAsync(async (connection, transaction) =>
        {
            await using var command = SqlDatabase.Command(connection, transaction, "SELECT content FROM scan_document WHERE scan_id = @id AND format = @format", [("id", id), ("format", format)]);
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is null or DBNull ? null : (string)value;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!IsValidId(id))
        {
            return false;
        }

        return await database.RunAsync(async (connection, transaction) =>
        {
            // Documents first: the foreign key would cascade, but SQLite only enforces it when the pragma is on.
            await SqlDatabase.ExecuteAsync(connection, transaction, "DELETE FROM scan_document WHERE scan_id = @id", [("id", id)], cancellationToken).ConfigureAwait(false);
            return await SqlDatabase.ExecuteAsync(connection, transaction, "DELETE FROM scan WHERE id = @id", [("id", id)], cancellationToken).ConfigureAwait(false) > 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    private static void CheckId(string id)
    {
        if (!IsValidId(id))
        {
            throw new ArgumentException($"a scan id has 1 to {MaxIdLength} letters, digits, '-' or '_'", nameof(id));
        }
    }

    private static SavedScan Read(DbDataReader reader)
    {
        var files = reader.GetString(3);
        return new SavedScan(
            reader.GetString(0),
            DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture)),
            reader.GetString(2),
            files.Length == 0 ? [] : files.Split('\n'),
            Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture),
            Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture),
            Convert.ToInt32(reader.GetValue(6), CultureInfo.InvariantCulture),
            reader.GetString(7));
    }
}
