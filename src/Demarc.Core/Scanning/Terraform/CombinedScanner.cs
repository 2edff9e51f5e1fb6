using System.Text.RegularExpressions;
using Demarc.Catalog;
using Demarc.Model;

namespace Demarc.Scanning.Terraform;

/// <summary>
/// One scanner for CloudFormation and Terraform: each input goes to the <see cref="TemplateScanner"/> or the
/// <see cref="TerraformScanner"/>, and both give the same <see cref="FileScan"/>, so the same checks, assessment and
/// report follow. Discovery finds templates and Terraform root modules (directories of <c>.tf</c> files that no
/// other module found calls through a local <c>source</c>); plan JSON files are recognised by content.
/// </summary>
public sealed partial class CombinedScanner
{
    /// <summary>Creates the scanners for a catalog.</summary>
    public CombinedScanner(ResponsibilityCatalog catalog, ScanOptions? options = null, TerraformOptions? terraform = null)
    {
        Templates = new TemplateScanner(catalog, options);
        Terraform = new TerraformScanner(catalog, options, terraform);
    }

    /// <summary>Scans CloudFormation and SAM templates.</summary>
    public TemplateScanner Templates { get; }

    /// <summary>Scans Terraform modules and plans.</summary>
    public TerraformScanner Terraform { get; }

    /// <summary>Limits, parallelism and parameter values.</summary>
    public ScanOptions Options => Templates.Options;

    /// <summary>Scans one input with the scanner its content calls for. Never throws for any input.</summary>
    public FileScan Scan(ScanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return TerraformScanner.Classify(input) == TerraformInputKind.None ? Templates.Scan(input) : Terraform.Scan(input);
    }

    /// <summary>
    /// Scans every input in parallel (up to <see cref="ScanOptions.MaxParallelism"/>) and returns what
    /// <paramref name="analyze"/> makes of each, in input order; each <see cref="FileScan"/> is released once analysed.
    /// </summary>
    public IReadOnlyList<T> Run<T>(IReadOnlyList<ScanInput> inputs, Func<FileScan, T> analyze, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(analyze);
        var results = new T[inputs.Count];
        var done = 0;
        Parallel.For(
            0,
            inputs.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Min(Options.MaxParallelism, inputs.Count)), CancellationToken = cancellationToken },
            i =>
            {
                results[i] = analyze(Scan(inputs[i]));
                progress?.Report(Interlocked.Increment(ref done));
            });
        return results;
    }

    /// <summary>
    /// Finds what to scan under the given paths: CloudFormation candidates as <see cref="ScanInputs.Discover"/> finds
    /// them (plan JSON among them), and Terraform root modules. A named <c>.tf</c> file stands for its directory. Inputs
    /// come per path as given, sorted by name within a directory.
    /// </summary>
    public static InputDiscovery Discover(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var inputs = new List<ScanInput>();
        var errors = new List<ScanDiagnostic>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var found = new List<ScanInput>();
            if (File.Exists(path) && path.EndsWith(".tf", StringComparison.Ordinal))
            {
                var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
                var shown = Path.GetDirectoryName(path.Replace('\\', '/'));
                found.Add(ScanInput.File(string.IsNullOrEmpty(shown) ? "." : shown, directory, isExplicit: true));
            }
            else
            {
                var templates = ScanInputs.Discover([path]);
                errors.AddRange(templates.Errors);
                found.AddRange(templates.Inputs);
                if (Directory.Exists(path))
                {
                    found.AddRange(RootModules(path));
                }
            }

            foreach (var input in found.OrderBy(i => i.Name, StringComparer.Ordinal))
            {
                if (input.Path is null || seen.Add(Path.TrimEndingDirectorySeparator(Path.GetFullPath(input.Path))))
                {
                    inputs.Add(input);
                }
            }
        }

        return new InputDiscovery(inputs, errors);
    }

    // Directories of .tf files under a path (hidden directories and node_modules skipped) that no other one calls.
    private static List<ScanInput> RootModules(string root)
    {
        var modules = new List<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            try
            {
                if (TerraformModuleLoader.IsModuleDirectory(directory))
                {
                    modules.Add(directory);
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
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // ScanInputs.Discover reports directories that cannot be listed.
            }
        }

        var called = new HashSet<string>(StringComparer.Ordinal);
        foreach (var module in modules)
        {
            foreach (var source in LocalSources(module))
            {
                var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(module, source)));
                if (target != Path.TrimEndingDirectorySeparator(Path.GetFullPath(module)))
                {
                    called.Add(target);
                }
            }
        }

        var prefix = root.Replace('\\', '/').TrimEnd('/');
        return [.. modules
            .Where(m => !called.Contains(Path.TrimEndingDirectorySeparator(Path.GetFullPath(m))))
            .Select(m =>
            {
                var relative = Path.GetRelativePath(root, m).Replace('\\', '/');
                var name = relative == "." ? (prefix.Length == 0 ? "." : prefix) : prefix is "" or "." ? relative : prefix + "/" + relative;
                return ScanInput.File(name, m, isExplicit: relative == ".");
            })];
    }

    // The local sources a module's files name ("./x", "../x"): read as text, which is enough to find the modules called.
    private static List<string> LocalSources(string directory)
    {
        var sources = new List<string>();
        try
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.tf"))
            {
                var info = new FileInfo(file);
                if (info.Length > 20 * 1024 * 1024)
                {
                    continue;
                }

                foreach (Match match in LocalSource().Matches(File.ReadAllText(file)))
                {
                    sources.Add(match.Groups[1].Value);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The module loader reports unreadable files when the module is scanned.
        }

        return sources;
    }

    [GeneratedRegex("\\bsource\\s*=\\s*\"(\\.\\.?(?:/[^\"]*)?)\"", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex LocalSource();
}
