using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Demarc.Storage.Scans;
using Demarc.Web.Engines;
using Demarc.Web.Hosting;
using Microsoft.AspNetCore.Http;

namespace Demarc.Web.Api;

/// <summary>An upload that cannot be scanned: the HTTP status and a message that says which limit or field.</summary>
public sealed record UploadProblem(int Status, string Title, string Message);

/// <summary>
/// Turns an upload (the Scan page's form or <c>POST /api/scans</c>, both multipart) into a scan, runs it and saves it
/// to the history with its report in every format.
/// </summary>
public sealed class ScanService(ScanEngine engine, IScanStore store, WebOptions options, TimeProvider time)
{
    /// <summary>The formats a saved scan can be downloaded in, with their media types and file extensions.</summary>
    public static IReadOnlyDictionary<string, (string MediaType, string Extension)> Formats { get; } = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["json"] = ("application/json; charset=utf-8", "json"),
        ["sarif"] = ("application/sarif+json; charset=utf-8", "sarif"),
        ["csv"] = ("text/csv; charset=utf-8", "csv"),
        ["html"] = ("text/html; charset=utf-8", "html"),
    };

    /// <summary>The document the pages read (violations and problems), saved beside the report.</summary>
    public const string ViewFormat = "view";

    /// <summary>The engine.</summary>
    public ScanEngine Engine => engine;

    /// <summary>The store.</summary>
    public IScanStore Store => store;

    /// <summary>Reads a multipart upload within the limits.</summary>
    /// <remarks>
    /// Fields: <c>templates</c> (files, repeatable: templates, plans, <c>.tf</c> and <c>.tfvars</c> files), <c>template</c> (pasted text) with <c>templateName</c>, <c>parameters</c>
    /// (a file), <c>parameter</c> (<c>Key=Value</c>, repeatable, or several lines), <c>attestation</c> (a file), <c>title</c>.
    /// </remarks>
    public async Task<(ScanRequest? Request, string? Title, UploadProblem? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasFormContentType)
        {
            return (null, null, new UploadProblem(415, "Upload expected", "send the files as multipart/form-data: a 'templates' file field (repeat it for several), or the text of one template or plan in 'template'"));
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            return (null, null, TooLarge($"the upload is larger than {Megabytes(options.MaxRequestBytes)}, the limit for one scan (at most {options.MaxFiles} files of {Megabytes(options.MaxFileBytes)} each)"));
        }

        var files = form.Files.GetFiles("templates").Concat(form.Files.GetFiles("files")).Where(f => f.Length > 0 || f.FileName.Length > 0).ToList();
        var templates = new List<ScanUpload>();
        var pasted = form["template"].ToString();
        if (files.Count + (pasted.Length > 0 ? 1 : 0) > options.MaxFiles)
        {
            return (null, null, TooLarge($"{files.Count + (pasted.Length > 0 ? 1 : 0)} files; the limit is {options.MaxFiles} per scan"));
        }

        foreach (var file in files)
        {
            var (upload, problem) = await ReadFileAsync(file, "template", cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return (null, null, problem);
            }

            templates.Add(upload!);
        }

        if (pasted.Trim().Length > 0)
        {
            var bytes = Encoding.UTF8.GetBytes(pasted);
            if (bytes.Length > options.MaxFileBytes)
            {
                return (null, null, TooLarge($"the pasted template is {bytes.Length:N0} bytes; the limit is {Megabytes(options.MaxFileBytes)} per template"));
            }

            var name = CleanName(form["templateName"].ToString());
            templates.Add(new ScanUpload(name.Length > 0 ? name : "pasted-template.yaml", bytes));
        }

        if (templates.Count == 0)
        {
            return (null, null, new UploadProblem(400, "No template", "give at least one template, plan or .tf file: upload files in 'templates' or paste a template or plan in 'template'"));
        }

        ScanUpload? parameters = null;
        if (form.Files.GetFile("parameters") is { Length: > 0 } parameterFile)
        {
            var (upload, problem) = await ReadFileAsync(parameterFile, "parameters file", cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return (null, null, problem);
            }

            parameters = upload;
        }

        ScanUpload? attestation = null;
        if (form.Files.GetFile("attestation") is { Length: > 0 } attestationFile)
        {
            var (upload, problem) = await ReadFileAsync(attestationFile, "attestation file", cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return (null, null, problem);
            }

            attestation = upload;
        }

        var pairs = form["parameter"].SelectMany(v => (v ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Where(p => p.Length > 0).ToList();
        var badPair = pairs.FirstOrDefault(p => !p.Contains('=', StringComparison.Ordinal) || p.StartsWith('='));
        if (badPair is not null)
        {
            return (null, null, new UploadProblem(400, "Bad parameter", $"parameter '{badPair}' is not Key=Value"));
        }

        var title = new string([.. form["title"].ToString().Where(c => !char.IsControl(c))]).Trim();
        title = title.Length > 200 ? title[..200] : title;
        if (title.Length == 0)
        {
            title = templates.Count == 1 ? templates[0].Name : $"{templates[0].Name} and {templates.Count - 1} more";
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return (new ScanRequest(templates, parameters, pairs, attestation, today), title, null);
    }

    /// <summary>Runs a scan and saves it; returns the saved scan.</summary>
    public async Task<SavedScan> RunAsync(ScanRequest request, string title, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = await Task.Run(() => engine.Scan(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        var scan = new SavedScan(NewId(), time.GetUtcNow(), title, [.. request.Templates.Select(t => t.Name)], run.Resources, run.Violations, run.Errors, run.Summary);
        var documents = new Dictionary<string, string>(run.Documents, StringComparer.Ordinal)
        {
            [ViewFormat] = JsonSerializer.Serialize(run.View, WebJsonContext.Default.ScanView),
        };
        await store.SaveAsync(scan, documents, cancellationToken).ConfigureAwait(false);
        return scan;
    }

    /// <summary>The page's view of a saved scan, or null.</summary>
    public async Task<ScanView?> ViewAsync(string id, CancellationToken cancellationToken)
    {
        var json = await store.DocumentAsync(id, ViewFormat, cancellationToken).ConfigureAwait(false);
        return json is null ? null : JsonSerializer.Deserialize(json, WebJsonContext.Default.ScanView);
    }

    /// <summary>The JSON of a saved scan, with links to its documents.</summary>
    public static ScanJson Json(SavedScan scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var links = new Dictionary<string, string>(StringComparer.Ordinal) { ["self"] = $"/api/scans/{scan.Id}", ["page"] = $"/history/{scan.Id}" };
        foreach (var format in Formats.Keys)
        {
            links[format] = $"/api/scans/{scan.Id}/{format}";
        }

        return new ScanJson(1, "scan", scan.Id, scan.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), scan.Title, scan.Files,
            scan.Resources, scan.Violations, scan.Errors, scan.Summary, links);
    }

    /// <summary>A new scan id: 16 random lower-case letters and digits.</summary>
    public static string NewId()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        var id = new char[16];
        for (var i = 0; i < id.Length; i++)
        {
            id[i] = alphabet[bytes[i] % alphabet.Length];
        }

        return new string(id);
    }

    /// <summary>A file name as shown and saved: the last path segment, no control characters, at most 200 characters.</summary>
    public static string CleanName(string? name)
    {
        var last = (name ?? "").Replace('\\', '/').Split('/').LastOrDefault() ?? "";
        var clean = new string([.. last.Where(c => !char.IsControl(c))]).Trim();
        return clean.Length > 200 ? clean[..200] : clean;
    }

    private async Task<(ScanUpload? Upload, UploadProblem? Problem)> ReadFileAsync(IFormFile file, string what, CancellationToken cancellationToken)
    {
        var name = CleanName(file.FileName);
        if (name.Length == 0)
        {
            name = "upload";
        }

        if (file.Length > options.MaxFileBytes)
        {
            return (null, TooLarge($"{what} '{name}' is {file.Length:N0} bytes; the limit is {Megabytes(options.MaxFileBytes)} per file"));
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return (new ScanUpload(name, buffer.ToArray()), null);
    }

    private static UploadProblem TooLarge(string message) => new(413, "Upload too large", message);

    /// <summary>A byte count in MB, for messages.</summary>
    public static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture) + " MB";
}
