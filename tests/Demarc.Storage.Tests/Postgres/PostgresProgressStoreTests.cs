using Demarc.Storage.Quiz;
using Demarc.Storage.Tests.Quiz;

namespace Demarc.Storage.Tests.Postgres;

/// <summary>The progress-store contract on a real PostgreSQL server (a fresh schema per test).</summary>
public sealed class PostgresProgressStoreTests : ProgressStoreContract
{
    private readonly PostgresTestSchema _schema = new();

    public override Task InitializeAsync() => _schema.CreateAsync();

    public override Task DisposeAsync() => _schema.DropAsync();

    protected override async Task<IProgressStore> OpenStoreAsync() => new SqlProgressStore(await _schema.OpenAsync());
}
