using Demarc.Model;

namespace Demarc.Scanning;

/// <summary>The files a scan will read, and the paths that could not be used.</summary>
public sealed record InputDiscovery(IReadOnlyList<ScanInput> Inputs, IReadOnlyList<ScanDiagnostic> Errors);

/// <summary>
/// Finds the files to scan: named files as they are; directories recursively, taking <c>*.json</c>, <c>*.yaml</c>,
/// <c>*.yml</c> and <c>*.template</c> files and skipping hidden directories (<c>.git</c>, <c>.aws-sam</c>, …) and
/// <c>node_modules</c>. Files come in a deterministic order: as given, and within a directory by path (ordinal).
/// </summary>
public static class ScanInputs
{
    /// <summary>File name endings looked at inside directories.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".json", ".yaml", ".yml", ".template"];

    /// <summary>Finds the files under the given paths.</summary>
    public static InputDiscovery Discover(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var inputs = new List<ScanInput>();
        var errors = new List<ScanDiagnostic>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                if (seen.Add(Path.GetFullPath(path)))
                {
                    inputs.Add(ScanInput.File(path, path, isExplicit: true));
                }
            }
            else if (Directory.Exists(path))
            {
                try
                {
                    foreach (var file in Walk(path))
                    {
                        if (seen.Add(Path.GetFullPath(file)))
                        {
                            inputs.Add(ScanInput.File(Display(path, file), file, isExplicit: false));
                        }
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    errors.Add(new ScanDiagnostic(new SourceLocation(path, 0, 0), DiagnosticSeverity.Error, ScanRules.Io, $"cannot list the directory: {ex.Message}"));
                }
            }
            else
            {
                errors.Add(new ScanDiagnostic(new SourceLocation(path, 0, 0), DiagnosticSeverity.Error, ScanRules.Io, "no such file or directory"));
            }
        }

        return new InputDiscovery(inputs, errors);
    }

    private static List<string> Walk(string root)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        var files = new List<string>();
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(directory))
            {
                if (Extensions.Any(e => file.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                {
                    files.Add(file);
                }
            }

            foreach (var child in Directory.EnumerateDirectories(directory))
            {
                var name = Path.GetFileName(child);
                if (!name.StartsWith('.') && name != "node_modules")
                {
                    pending.Push(child);
                }
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    // The name shown for a file found under a directory: the directory as given, then the relative path, with '/'.
    private static string Display(string root, string file)
    {
        var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
        var prefix = root.Replace('\\', '/').TrimEnd('/');
        return prefix is "." or "" ? relative : prefix + "/" + relative;
    }
}
