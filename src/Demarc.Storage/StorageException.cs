namespace Demarc.Storage;

/// <summary>A database that cannot be used: unreadable, not a database, or written by a newer Demarc. The message says which and where.</summary>
public sealed class StorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StorageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public StorageException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public StorageException()
    {
    }
}
