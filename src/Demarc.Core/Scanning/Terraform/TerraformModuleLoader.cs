using Demarc.Model;
using Demarc.Parsing;
using Demarc.Parsing.Hcl;

namespace Demarc.Scanning.Terraform;

/// <summary>The rule names of Terraform diagnostics, beside <see cref="ScanRules"/>.</summary>
public static class TerraformRules
{
    /// <summary>A module whose source is not read (remote, missing, too deep or recursive): its resources are not scanned.</summary>
    public const string ModuleNotRead = "module-not-read";

    /// <summary>Two declarations with the same address (Terraform rejects the configuration).</summary>
    public const string DuplicateDeclaration = "duplicate-declaration";

    /// <summary>A file Demarc does not read (JSON configuration syntax, override files).</summary>
    public const string UnsupportedFile = "unsupported-file";

    /// <summary>A block or argument of the wrong shape (a resource without two labels, a count that is not a number, …).</summary>
    public const string InvalidConfiguration = "invalid-configuration";

    /// <summary>A reference to a variable, local, resource or module the configuration does not declare.</summary>
    public const string UnresolvedReference = ScanRules.UnresolvedReference;

    /// <summary>Evaluation stopped by a limit (instances, collection size, reference depth): what is left is unknown.</summary>
    public const string EvaluationLimit = "evaluation-limit";

    /// <summary>A plan or state JSON file of a shape Demarc does not recognise.</summary>
    public const string InvalidPlan = "invalid-plan";
}

/// <summary>
/// Reads one directory as a Terraform module: every <c>*.tf</c> file in it (not its subdirectories), in name order.
/// Syntax errors are reported with file, line and column and the rest is still read. JSON configuration files
/// (<c>*.tf.json</c>) and override files (<c>override.tf</c>, <c>*_override.tf</c>) are listed as not read.
/// </summary>
public static class TerraformModuleLoader
{
    /// <summary>Whether a directory holds Terraform configuration (<c>.tf</c> files).</summary>
    public static bool IsModuleDirectory(string directory)
    {
        try
        {
            return Directory.EnumerateFiles(directory, "*.tf").Any();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Reads the module in <paramref name="directory"/>; files are named to the user as <paramref name="displayName"/>/file.</summary>
    public static TerraformModule Load(string directory, string displayName, ParseLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var diagnostics = new List<ScanDiagnostic>();
        var parsed = new List<HclFile>();
        List<string> paths;
        try
        {
            paths = [.. Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(new ScanDiagnostic(new SourceLocation(displayName, 0, 0), DiagnosticSeverity.Error, ScanRules.Io, $"cannot list the directory: {ex.Message}"));
            paths = [];
        }

        foreach (var path in paths)
        {
            var name = Path.GetFileName(path);
            var shown = Join(displayName, name);
            if (name.EndsWith(".tf.json", StringComparison.Ordinal))
            {
                diagnostics.Add(new ScanDiagnostic(new SourceLocation(shown, 0, 0), DiagnosticSeverity.Warning, TerraformRules.UnsupportedFile,
                    "Terraform's JSON configuration syntax is not read by Demarc: the declarations of this file are not scanned"));
                continue;
            }

            if (!name.EndsWith(".tf", StringComparison.Ordinal))
            {
                continue;
            }

            if (name == "override.tf" || name.EndsWith("_override.tf", StringComparison.Ordinal))
            {
                diagnostics.Add(new ScanDiagnostic(new SourceLocation(shown, 0, 0), DiagnosticSeverity.Warning, TerraformRules.UnsupportedFile,
                    "override files are not merged by Demarc: the settings of this file are not applied to the declarations they override"));
                continue;
            }

            var file = ReadFile(path, shown, limits, diagnostics);
            if (file is not null)
            {
                parsed.Add(file);
            }
        }

        return Build(directory, displayName, parsed, diagnostics);
    }

    /// <summary>Builds a module from files already parsed (tests, standard input).</summary>
    public static TerraformModule Build(string directory, string displayName, IReadOnlyList<HclFile> files, IList<ScanDiagnostic>? diagnostics = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        var problems = diagnostics is null ? [] : new List<ScanDiagnostic>(diagnostics);
        var variables = new List<TerraformVariable>();
        var locals = new List<TerraformLocal>();
        var resources = new List<TerraformResourceBlock>();
        var calls = new List<TerraformModuleCall>();
        var outputs = new List<TerraformOutput>();
        var providers = new List<TerraformProvider>();
        var seen = new Dictionary<string, (string File, TextPosition Position)>(StringComparer.Ordinal);

        foreach (var file in files)
        {
            foreach (var diagnostic in file.Diagnostics)
            {
                problems.Add(new ScanDiagnostic(new SourceLocation(file.Name, diagnostic.Position.Line, diagnostic.Position.Column), DiagnosticSeverity.Error, diagnostic.Rule, diagnostic.Message));
            }

            foreach (var attribute in file.Body.Attributes)
            {
                problems.Add(Invalid(file.Name, attribute.Position, $"an attribute ('{attribute.Name}') at the top level of a .tf file is not valid Terraform; it is ignored"));
            }

            foreach (var block in file.Body.Blocks)
            {
                switch (block.Type)
                {
                    case "variable" when Labels(file, block, 1, problems):
                        if (Unique(seen, $"var.{block.Label(0)}", file, block, "variable", problems))
                        {
                            variables.Add(new TerraformVariable(file.Name, block));
                        }

                        break;
                    case "locals":
                        foreach (var attribute in block.Body.Attributes)
                        {
                            if (Unique(seen, $"local.{attribute.Name}", file.Name, attribute.Position, "local value", problems))
                            {
                                locals.Add(new TerraformLocal(file.Name, block, attribute));
                            }
                        }

                        break;
                    case "resource" or "data" when Labels(file, block, 2, problems):
                    {
                        var isData = block.Type == "data";
                        var declaration = new TerraformResourceBlock(file.Name, block, isData, CommentsOf(file, block));
                        if (Unique(seen, declaration.LocalAddress, file, block, isData ? "data source" : "resource", problems))
                        {
                            resources.Add(declaration);
                        }

                        break;
                    }

                    case "module" when Labels(file, block, 1, problems):
                        if (Unique(seen, $"module.{block.Label(0)}", file, block, "module call", problems))
                        {
                            calls.Add(new TerraformModuleCall(file.Name, block));
                        }

                        break;
                    case "output" when Labels(file, block, 1, problems):
                        if (Unique(seen, $"output.{block.Label(0)}", file, block, "output", problems))
                        {
                            outputs.Add(new TerraformOutput(file.Name, block));
                        }

                        break;
                    case "provider" when Labels(file, block, 1, problems):
                        providers.Add(new TerraformProvider(file.Name, block));
                        break;
                }
            }
        }

        return new TerraformModule(directory, displayName, [.. files.Select(f => f.Name)], variables, locals, resources, calls, outputs, providers, problems);
    }

    /// <summary>Reads and parses one file, reporting what prevents it; null when it could not be read at all.</summary>
    internal static HclFile? ReadFile(string path, string shown, ParseLimits limits, List<ScanDiagnostic> diagnostics)
    {
        try
        {
            var length = new FileInfo(path).Length;
            if (length > limits.MaxBytes)
            {
                diagnostics.Add(new ScanDiagnostic(new SourceLocation(shown, 0, 0), DiagnosticSeverity.Error, ScanRules.TooLarge,
                    $"the file is {length:N0} bytes, more than the limit of {limits.MaxBytes:N0} bytes (raise it with --max-file-size)"));
                return null;
            }

            // A pooled buffer: the bytes are garbage once parsed, and a large file's array would be a large object.
            using var handle = File.OpenHandle(path);
            var size = (int)Math.Min(RandomAccess.GetLength(handle), limits.MaxBytes + 1L);
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
            try
            {
                var read = 0;
                for (int n; read < size && (n = RandomAccess.Read(handle, buffer.AsSpan(read, size - read), read)) > 0;)
                {
                    read += n;
                }

                return HclParser.Parse(shown, buffer.AsSpan(0, read), limits);
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(new ScanDiagnostic(new SourceLocation(shown, 0, 0), DiagnosticSeverity.Error, ScanRules.Io, $"cannot read the file: {ex.Message}"));
            return null;
        }
    }

    /// <summary>A file name below a directory as shown to the user, with '/'.</summary>
    internal static string Join(string directory, string name)
    {
        var prefix = directory.Replace('\\', '/').TrimEnd('/');
        return prefix is "" or "." ? name : prefix + "/" + name;
    }

    // The comments inside a block, and those on the lines just above it (where checkov and tfsec waivers are also written).
    private static List<HclComment> CommentsOf(HclFile file, HclBlock block)
    {
        var result = new List<HclComment>();
        var first = block.Position.Line;
        var last = block.Body.End.Line;
        var comments = file.Comments;
        var index = LowerBound(comments, first);
        var above = index - 1;
        var line = first - 1;
        while (above >= 0 && comments[above].Position.Line == line)
        {
            result.Insert(0, comments[above]);
            above--;
            line--;
        }

        for (var i = index; i < comments.Count && comments[i].Position.Line <= last; i++)
        {
            result.Add(comments[i]);
        }

        return result;
    }

    private static int LowerBound(IReadOnlyList<HclComment> comments, int line)
    {
        int low = 0, high = comments.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (comments[middle].Position.Line < line)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static bool Labels(HclFile file, HclBlock block, int count, List<ScanDiagnostic> problems)
    {
        if (block.Labels.Count == count)
        {
            return true;
        }

        problems.Add(Invalid(file.Name, block.Position, $"a {block.Type} block needs {count} label{(count > 1 ? "s" : "")}, this one has {block.Labels.Count}; it is ignored"));
        return false;
    }

    private static bool Unique(Dictionary<string, (string File, TextPosition Position)> seen, string address, HclFile file, HclBlock block, string what, List<ScanDiagnostic> problems) =>
        Unique(seen, address, file.Name, block.Position, what, problems);

    private static bool Unique(Dictionary<string, (string File, TextPosition Position)> seen, string address, string file, TextPosition position, string what, List<ScanDiagnostic> problems)
    {
        if (seen.TryAdd(address, (file, position)))
        {
            return true;
        }

        var first = seen[address];
        problems.Add(new ScanDiagnostic(new SourceLocation(file, position.Line, position.Column), DiagnosticSeverity.Error, TerraformRules.DuplicateDeclaration,
            $"{what} '{address}' is declared twice (first at {new SourceLocation(first.File, first.Position.Line, first.Position.Column)}); Terraform rejects this, the first declaration is used"));
        return false;
    }

    private static ScanDiagnostic Invalid(string file, TextPosition position, string message) =>
        new(new SourceLocation(file, position.Line, position.Column), DiagnosticSeverity.Error, TerraformRules.InvalidConfiguration, message);
}
