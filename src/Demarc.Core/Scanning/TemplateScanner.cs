using Demarc.Catalog;
using Demarc.Model;
using Demarc.Parsing;
using Demarc.Scanning.Evaluation;
using Demarc.Scanning.Mapping;
using Demarc.Scanning.Templates;

namespace Demarc.Scanning;

/// <summary>
/// Scans one file from bytes to mapped resources: read (with limits), recognise, load (ForEach, SAM), evaluate, map.
/// A file that cannot be read gives a <see cref="FileScan"/> with errors, never an exception. Thread-safe: one
/// scanner serves every file of a scan.
/// </summary>
public sealed class TemplateScanner
{
    /// <summary>Creates a scanner for a catalog.</summary>
    public TemplateScanner(ResponsibilityCatalog catalog, ScanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Catalog = catalog;
        Options = options ?? ScanOptions.Default;
        Mapper = new ResourceMapper(catalog);
    }

    /// <summary>The catalog resources are mapped to.</summary>
    public ResponsibilityCatalog Catalog { get; }

    /// <summary>Limits and parameter overrides.</summary>
    public ScanOptions Options { get; }

    /// <summary>Maps resource types to services and variants.</summary>
    public ResourceMapper Mapper { get; }

    /// <summary>Scans one input.</summary>
    public FileScan Scan(ScanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ReadOnlyMemory<byte> bytes;
        if (input.Content is { } content)
        {
            bytes = content;
        }
        else
        {
            try
            {
                var info = new FileInfo(input.Path!);
                if (info.Length > Options.Limits.MaxBytes)
                {
                    return Unreadable(input, new TextPosition(0, 0), ScanRules.TooLarge,
                        $"the file is {info.Length:N0} bytes, more than the limit of {Options.Limits.MaxBytes:N0} bytes (raise it with --max-file-size)");
                }

                bytes = File.ReadAllBytes(input.Path!);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Unreadable(input, new TextPosition(0, 0), ScanRules.Io, $"cannot read the file: {ex.Message}");
            }
        }

        return Scan(input, bytes);
    }

    /// <summary>Scans bytes already read.</summary>
    public FileScan Scan(ScanInput input, ReadOnlyMemory<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            var read = TemplateReader.Read(input.Name, bytes, Options.Limits, input.Explicit);
            if (read.Kind != FileKind.Template || read.Root is null)
            {
                return new FileScan(input, read.Kind, read.Format, read.NotTemplateReason, null, [], read.Diagnostics);
            }

            var template = TemplateLoader.Load(input.Name, read.Format!.Value, read.Root, Options, read.Diagnostics);
            var evaluated = TemplateEvaluator.Evaluate(template, Options.Parameters);
            var mapped = evaluated.Resources.Select(Mapper.Map).ToList();
            return new FileScan(input, FileKind.Template, template.Format, null, evaluated, mapped, evaluated.Diagnostics);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug must not stop the other files: report it as this file's error, with what happened.
            return Unreadable(input, new TextPosition(0, 0), "internal-error", $"Demarc failed on this file ({ex.GetType().Name}: {ex.Message}); please report it");
        }
    }

    private static FileScan Unreadable(ScanInput input, TextPosition at, string rule, string message) =>
        new(input, FileKind.Unreadable, null, null, null, [],
            [new ScanDiagnostic(new SourceLocation(input.Name, at.Line, at.Column), DiagnosticSeverity.Error, rule, message)]);
}

/// <summary>Runs a scanner over many inputs in parallel, keeping results in input order.</summary>
public static class ScanPipeline
{
    /// <summary>
    /// Scans every input (in parallel, up to <see cref="ScanOptions.MaxParallelism"/>) and returns what
    /// <paramref name="analyze"/> makes of each, in input order. Each <see cref="FileScan"/> is released once analysed,
    /// so memory stays bounded by the files in flight. <paramref name="progress"/> receives the number of files done.
    /// </summary>
    public static IReadOnlyList<T> Run<T>(
        TemplateScanner scanner,
        IReadOnlyList<ScanInput> inputs,
        Func<FileScan, T> analyze,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scanner);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(analyze);
        var results = new T[inputs.Count];
        var done = 0;
        var parallelism = Math.Max(1, Math.Min(scanner.Options.MaxParallelism, inputs.Count));
        if (parallelism == 1)
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                results[i] = analyze(scanner.Scan(inputs[i]));
                progress?.Report(++done);
            }

            return results;
        }

        Parallel.For(
            0,
            inputs.Count,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            i =>
            {
                results[i] = analyze(scanner.Scan(inputs[i]));
                progress?.Report(Interlocked.Increment(ref done));
            });
        return results;
    }
}
