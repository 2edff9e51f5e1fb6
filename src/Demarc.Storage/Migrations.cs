namespace Demarc.Storage;

/// <summary>One step of the schema. <c>{identity}</c> in the SQL becomes the dialect's auto-numbered key.</summary>
/// <param name="Version">Applied in increasing order; never reused or changed once released.</param>
public sealed record Migration(int Version, string Name, IReadOnlyList<string> Statements);

/// <summary>
/// The schema of the Demarc database, as an ordered list of migrations applied at start-up (see <see cref="SqlDatabase"/>).
/// Add a migration at the end to change the schema; never edit a released one. Portable SQL only: TEXT, INTEGER, BIGINT,
/// primary keys, indexes; times are BIGINT milliseconds since the Unix epoch (UTC), booleans INTEGER 0/1.
/// </summary>
public static class Migrations
{
    /// <summary>Every migration, oldest first.</summary>
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "quiz progress",
        [
            """
            CREATE TABLE quiz_item_state (
                learner TEXT NOT NULL,
                item TEXT NOT NULL,
                kind TEXT NOT NULL,
                domain TEXT NULL,
                model TEXT NULL,
                service TEXT NULL,
                box INTEGER NOT NULL,
                due_at BIGINT NOT NULL,
                attempts INTEGER NOT NULL,
                correct INTEGER NOT NULL,
                streak INTEGER NOT NULL,
                last_answered_at BIGINT NOT NULL,
                PRIMARY KEY (learner, item)
            )
            """,
            "CREATE INDEX quiz_item_state_due ON quiz_item_state (learner, due_at)",
            """
            CREATE TABLE quiz_answer (
                id {identity},
                learner TEXT NOT NULL,
                item TEXT NOT NULL,
                kind TEXT NOT NULL,
                domain TEXT NULL,
                model TEXT NULL,
                service TEXT NULL,
                question TEXT NOT NULL,
                given TEXT NOT NULL,
                expected TEXT NOT NULL,
                correct INTEGER NOT NULL,
                answered_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX quiz_answer_learner ON quiz_answer (learner, answered_at)",
        ]),
        new(2, "scan history",
        [
            """
            CREATE TABLE scan (
                seq {identity},
                id TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL,
                title TEXT NOT NULL,
                files TEXT NOT NULL,
                resources INTEGER NOT NULL,
                violations INTEGER NOT NULL,
                errors INTEGER NOT NULL,
                summary TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE scan_document (
                scan_id TEXT NOT NULL REFERENCES scan (id) ON DELETE CASCADE,
                format TEXT NOT NULL,
                content TEXT NOT NULL,
                PRIMARY KEY (scan_id, format)
            )
            """,
        ]),
        new(3, "web app keys",
        [
            "CREATE TABLE web_key (name TEXT PRIMARY KEY, xml TEXT NOT NULL, created_at BIGINT NOT NULL)",
        ]),
    ];

    /// <summary>The newest schema version this build knows.</summary>
    public static int Latest => All[^1].Version;
}
