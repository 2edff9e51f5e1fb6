using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Demarc.Cli.Tests.NativeAot;

/// <summary>
/// <c>demarc serve</c> from the Native AOT build answers every API endpoint, page and the OpenAPI document as the JIT build
/// does: both real servers run side by side on loopback, each on its own SQLite file, and get the same requests. Only what
/// differs by nature is masked (trace ids, the port, a saved scan's id and time, antiforgery tokens).
/// </summary>
public sealed partial class NativeAotServeTests : IClassFixture<NativeAotBuild>, IDisposable
{
    private readonly NativeAotBuild _aot;
    private readonly string _scratch = Directory.CreateTempSubdirectory("demarc-aot-serve-").FullName;

    public NativeAotServeTests(NativeAotBuild aot) => _aot = aot;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task Serve_AnswersEveryRequestAsTheJitBuild()
    {
        await using var jit = await Server.StartAsync(["dotnet", NativeAotBuild.JitDll], Path.Combine(_scratch, "jit.db"));
        await using var aot = await Server.StartAsync([_aot.Executable], Path.Combine(_scratch, "aot.db"));
        string[] gets =
        [
            "/api/services", "/api/services?model=serverless", "/api/services/rds", "/api/services/nosuch",
            "/api/who?service=rds&task=patch%20the%20operating%20system", "/api/who?service=rds&task=patching",
            "/api/compare?services=ec2&services=rds&services=lambda", "/api/compare?services=ec2", "/api/shift?from=ec2&to=rds",
            "/api/ask?q=who%20patches%20the%20OS%20on%20RDS%3F", "/api/quiz/next?learner=ana&seed=5", "/api/quiz/next?learner=ana&seed=5&kind=nosuch",
            "/api/progress?learner=ana", "/api/scans", "/api/scans?limit=0", "/api/nosuch", "/openapi/v1.json",
            "/", "/api", "/services", "/services/rds", "/compare?services=ec2&services=rds", "/ask", "/ask?q=who%20encrypts%20S3%20data%3F",
            "/quiz", "/scan", "/scans", "/nosuch-page",
        ];
        foreach (var path in gets)
        {
            await AssertSameAsync($"GET {path}", jit, aot, client => client.GetAsync(new Uri(path, UriKind.Relative)));
        }

        await AssertSameAsync("POST /api/ask", jit, aot, client => client.PostAsync(new Uri("/api/ask", UriKind.Relative),
            new StringContent("{\"question\": \"Who configures security groups on EC2?\"}", Encoding.UTF8, "application/json")));
        await AssertSameAsync("POST /api/ask (malformed)", jit, aot, client => client.PostAsync(new Uri("/api/ask", UriKind.Relative),
            new StringContent("{\"question\": ", Encoding.UTF8, "application/json")));

        var template = await File.ReadAllBytesAsync(Path.Combine(Golden.RepositoryRoot(), "samples", "serverless-api", "template.yaml"));
        var saved = await AssertSameAsync("POST /api/scans", jit, aot, client =>
        {
            var form = new MultipartFormDataContent { { new ByteArrayContent(template), "templates", "template.yaml" } };
            return client.PostAsync(new Uri("/api/scans", UriKind.Relative), form);
        });
        Assert.Equal(HttpStatusCode.Created, saved);
        foreach (var format in new[] { "", "/json", "/sarif", "/csv", "/html" })
        {
            await AssertSameAsync($"GET the saved scan{format}", jit, aot, async client =>
                await client.GetAsync(new Uri($"/api/scans/{client.SavedScanId}{format}", UriKind.Relative)));
        }
    }

    // Sends the same request to both servers; returns the status both gave.
    private static async Task<HttpStatusCode> AssertSameAsync(string what, Server jit, Server aot, Func<Server.Client, Task<HttpResponseMessage>> send)
    {
        var (jitStatus, jitType, jitBody) = await jit.SendAsync(send);
        var (aotStatus, aotType, aotBody) = await aot.SendAsync(send);
        Assert.True(jitStatus == aotStatus, $"{what}: {aotStatus} from the Native AOT build, {jitStatus} from the JIT build\n{aotBody[..Math.Min(600, aotBody.Length)]}");
        Assert.True(jitType == aotType, $"{what}: content type {aotType} from the Native AOT build, {jitType} from the JIT build");
        Assert.True(jitBody.Length > 0 || jitStatus == HttpStatusCode.NoContent, $"{what}: empty body from the JIT build");
        NativeAotParityTests.AssertSameText(what, jit.Mask(jitBody), aot.Mask(aotBody));
        return jitStatus;
    }

    /// <summary>One <c>demarc serve</c> process on a free loopback port.</summary>
    private sealed partial class Server : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly HttpClient _http;
        private readonly int _port;
        private readonly List<string> _scanIds = [];

        private Server(Process process, int port)
        {
            _process = process;
            _port = port;
            _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        }

        /// <summary>What a request is sent with; ids of saved scans differ per server, so each carries its own.</summary>
        public sealed class Client(HttpClient http, string? savedScanId)
        {
            public Task<HttpResponseMessage> GetAsync(Uri uri) => http.GetAsync(uri);

            public Task<HttpResponseMessage> PostAsync(Uri uri, HttpContent content) => http.PostAsync(uri, content);

            /// <summary>The id of the last scan this server saved (from its 201 answer).</summary>
            public string SavedScanId => savedScanId ?? throw new InvalidOperationException("no scan was saved on this server");
        }

        public static async Task<Server> StartAsync(string[] command, string database)
        {
            var port = FreePort();
            var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Golden.RepositoryRoot() };
            foreach (var argument in command.Skip(1).Concat(["serve", "--urls", $"http://127.0.0.1:{port}", "--db", database]))
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start)!;
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var log = new StringBuilder();
            process.OutputDataReceived += (_, e) =>
            {
                lock (log)
                {
                    log.AppendLine(e.Data);
                }

                if (e.Data?.Contains("listening on", StringComparison.Ordinal) == true)
                {
                    listening.TrySetResult();
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                lock (log)
                {
                    log.AppendLine(e.Data);
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var ready = await Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
            if (ready != listening.Task)
            {
                process.Kill(entireProcessTree: true);
                lock (log)
                {
                    throw new InvalidOperationException($"'{string.Join(' ', command)} serve' did not start:\n{log}");
                }
            }

            return new Server(process, port);
        }

        public async Task<(HttpStatusCode Status, string? ContentType, string Body)> SendAsync(Func<Client, Task<HttpResponseMessage>> send)
        {
            using var response = await send(new Client(_http, _scanIds.LastOrDefault()));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.Created && ScanId().Match(body) is { Success: true } saved)
            {
                _scanIds.Add(saved.Groups[1].Value);
            }

            return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
        }

        public string Mask(string body)
        {
            body = body.Replace($"127.0.0.1:{_port}", "127.0.0.1:PORT", StringComparison.Ordinal);
            body = TraceId().Replace(body, "\"traceId\":\"…\"");
            body = NativeAotParityTests.MaskTimes(body);
            body = Antiforgery().Replace(body, "value=\"…\"");
            return _scanIds.Aggregate(body, (masked, id) => masked.Replace(id, "SCAN-ID", StringComparison.Ordinal));
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        [GeneratedRegex("\"id\": \"([^\"]+)\"")]
        private static partial Regex ScanId();

        [GeneratedRegex("\"traceId\":\"[^\"]*\"")]
        private static partial Regex TraceId();

        [GeneratedRegex("value=\"CfDJ8[^\"]*\"")]
        private static partial Regex Antiforgery();
    }
}
