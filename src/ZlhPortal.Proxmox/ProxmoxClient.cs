using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Polly.Timeout;
using ZlhPortal.Proxmox.Api;
using ZlhPortal.Proxmox.Json;
using ZlhPortal.Proxmox.Models;

namespace ZlhPortal.Proxmox;

/// <summary>
/// A typed Proxmox VE API client shaped like Corsinvest's <c>PveClient</c>
/// (<c>client.Nodes["pve1"].Lxc[1001].Status.Current.GetAsync(ct)</c>). Calls never throw for HTTP or
/// transport failures; they return a <see cref="ProxmoxResult{T}"/> with a classified <see cref="ProxmoxError"/>.
/// The navigation objects only carry a path and are created on access, so a call allocates just the
/// segments it walks through.
/// </summary>
public sealed class ProxmoxClient
{
    /// <summary>Right after a fork a task can be briefly unknown to the node; polling tolerates that for this long.</summary>
    private static readonly TimeSpan UnknownTaskGrace = TimeSpan.FromSeconds(5);
    private static readonly Dictionary<string, string> NoErrors = [];
    private readonly HttpClient http;
    private readonly ProxmoxOptions options;
    private readonly TimeProvider time;
    private readonly string baseUrl;
    private readonly string? tokenHeader;
    private LoginTicket? ticket;

    public ProxmoxClient(HttpClient httpClient, ProxmoxOptions options, TimeProvider? timeProvider = null)
    {
        http = httpClient;
        this.options = options;
        time = timeProvider ?? TimeProvider.System;
        baseUrl = options.BaseUrl.TrimEnd('/') + "/";
        tokenHeader = string.IsNullOrEmpty(options.TokenId) ? null : $"PVEAPIToken={options.TokenId}={options.TokenSecret}";
        Nodes = new NodesApi(this);
        Cluster = new ClusterApi(this);
        Version = new GetEndpoint<VersionInfo>(this, "version");
    }

    public NodesApi Nodes { get; }

    public ClusterApi Cluster { get; }

    public GetEndpoint<VersionInfo> Version { get; }

    public ProxmoxOptions Options => options;

    /// <summary>
    /// The primary handler for a client with these options: system trust, or when
    /// <see cref="ProxmoxOptions.Fingerprint"/> is set, exactly that leaf certificate (Proxmox nodes use a
    /// self-signed cluster CA by default, so pinning is the usual case).
    /// </summary>
    public static SocketsHttpHandler CreatePrimaryHandler(ProxmoxOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.All,
            // Auth is a header or an explicit ticket; a cookie jar would only leak state between callers.
            UseCookies = false,
        };
        if (!string.IsNullOrWhiteSpace(options.Fingerprint))
        {
            handler.SslOptions.RemoteCertificateValidationCallback = CreateFingerprintValidator(options.Fingerprint);
        }

        return handler;
    }

    /// <summary>Accepts a certificate whose SHA-256 matches <paramref name="fingerprint"/> (colons and case ignored), whatever its chain.</summary>
    public static RemoteCertificateValidationCallback CreateFingerprintValidator(string fingerprint)
    {
        var expected = NormalizeFingerprint(fingerprint);
        return (_, certificate, _, _) =>
            certificate is not null
            && CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(certificate.GetCertHashString(HashAlgorithmName.SHA256).ToUpperInvariant()),
                Encoding.ASCII.GetBytes(expected));
    }

    /// <summary>Formats a certificate's SHA-256 as Proxmox shows it: <c>AB:CD:…</c>.</summary>
    public static string FormatFingerprint(X509Certificate2 certificate) =>
        Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)).Chunk(2)
            .Select(pair => new string(pair)).Aggregate((a, b) => a + ":" + b);

    private static string NormalizeFingerprint(string fingerprint) =>
        fingerprint.Replace(":", "", StringComparison.Ordinal).Trim().ToUpperInvariant();

    /// <summary>
    /// Ticket login (<c>POST /access/ticket</c>) for deployments without an API token. The ticket and CSRF
    /// token are kept on this instance and sent with later calls; they last two hours.
    /// </summary>
    public async Task<ProxmoxResult<LoginTicket>> LoginAsync(string username, string password, CancellationToken ct = default)
    {
        var result = await SendAsync<LoginTicket>(HttpMethod.Post, "access/ticket",
            new ProxmoxParameters().Add("username", username).Add("password", password), ct);
        if (result.IsSuccess && result.Data is not null)
        {
            ticket = result.Data;
        }

        return result;
    }

    public Task<ProxmoxResult<T>> GetAsync<T>(string path, ProxmoxParameters? parameters = null, CancellationToken ct = default) =>
        SendAsync<T>(HttpMethod.Get, path, parameters, ct);

    public Task<ProxmoxResult<T>> CreateAsync<T>(string path, ProxmoxParameters? parameters = null, CancellationToken ct = default) =>
        SendAsync<T>(HttpMethod.Post, path, parameters, ct);

    public Task<ProxmoxResult<T>> SetAsync<T>(string path, ProxmoxParameters? parameters = null, CancellationToken ct = default) =>
        SendAsync<T>(HttpMethod.Put, path, parameters, ct);

    public Task<ProxmoxResult<T>> DeleteAsync<T>(string path, ProxmoxParameters? parameters = null, CancellationToken ct = default) =>
        SendAsync<T>(HttpMethod.Delete, path, parameters, ct);

    /// <summary>
    /// Polls a task on its own node until it stops or <paramref name="timeout"/> passes. Success means exit
    /// status <c>OK</c> or <c>WARNINGS: n</c>; any other exit status becomes <see cref="ProxmoxErrorKind.TaskFailed"/>.
    /// A timeout means "unknown", not "failed": the task may still finish.
    /// </summary>
    /// <summary>
    /// The wait before the next look at a task that has run for <paramref name="elapsed"/>. Doubling the interval
    /// (the usual backoff) finds a task up to twice its duration late: a 500 ms clone polled at 50, 100, 200 ms… is
    /// seen after ~600 ms, and clones of one template run one after another, so that lateness adds up per clone.
    /// A twentieth of the elapsed time bounds the lateness to ~5 % and still keeps the calls on a long task few.
    /// </summary>
    public TimeSpan NextPoll(TimeSpan elapsed) =>
        TimeSpan.FromTicks(Math.Clamp(elapsed.Ticks / 20, options.TaskPollInterval.Ticks, Math.Max(options.TaskPollInterval.Ticks, options.TaskPollMaxInterval.Ticks)));

    public async Task<ProxmoxResult<ProxmoxTaskStatus>> WaitForTaskAsync(Upid upid, TimeSpan timeout, CancellationToken ct = default)
    {
        var started = time.GetUtcNow();
        var deadline = started + timeout;
        var task = Nodes[upid.Node].Tasks[upid];
        while (true)
        {
            var status = await task.Status.GetAsync(ct);
            if (!status.IsSuccess)
            {
                // A node that is briefly unreachable, or a task not yet visible right after the fork
                // (bpg's provider retries that 400 too), is worth another poll; anything else is final.
                var transient = status.Error!.Kind is ProxmoxErrorKind.NodeUnreachable or ProxmoxErrorKind.Timeout
                    || (status.Error.Kind == ProxmoxErrorKind.NotFound && time.GetUtcNow() - started < UnknownTaskGrace);
                if (!transient || time.GetUtcNow() >= deadline)
                {
                    return status;
                }
            }
            else if (!status.Data!.IsRunning)
            {
                return status.Data.IsSuccessful
                    ? status
                    : new ProxmoxResult<ProxmoxTaskStatus>
                    {
                        StatusCode = status.StatusCode,
                        ReasonPhrase = status.ReasonPhrase,
                        Data = status.Data,
                        Error = new ProxmoxError(ProxmoxErrorKind.TaskFailed, $"Task {upid.Type} failed: {status.Data.ExitStatus}")
                        {
                            ExitStatus = status.Data.ExitStatus,
                        },
                    };
            }

            if (time.GetUtcNow() >= deadline)
            {
                return new ProxmoxResult<ProxmoxTaskStatus>
                {
                    StatusCode = status.StatusCode,
                    ReasonPhrase = status.ReasonPhrase,
                    Data = status.Data,
                    Error = new ProxmoxError(ProxmoxErrorKind.Timeout, $"Task {upid} still running after {timeout}."),
                };
            }

            await Task.Delay(NextPoll(time.GetUtcNow() - started), time, ct);
        }
    }

    /// <summary>The single primitive every typed call goes through.</summary>
    public async Task<ProxmoxResult<T>> SendAsync<T>(HttpMethod method, string path, ProxmoxParameters? parameters, CancellationToken ct)
    {
        using var request = BuildRequest(method, path, parameters);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutRejectedException)
        {
            return Failure<T>(408, "Request timed out", new ProxmoxError(ProxmoxErrorKind.Timeout, $"{method} {path} timed out."));
        }
        catch (HttpRequestException ex) when (ex.InnerException is AuthenticationException)
        {
            return Failure<T>(0, ex.Message, new ProxmoxError(ProxmoxErrorKind.Other, $"TLS handshake with {baseUrl} failed: {ex.InnerException.Message}"));
        }
        catch (HttpRequestException ex)
        {
            return Failure<T>(0, ex.Message, new ProxmoxError(ProxmoxErrorKind.NodeUnreachable, ex.Message));
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var reason = response.ReasonPhrase ?? response.StatusCode.ToString();
            ProxmoxEnvelope<T>? envelope = null;
            try
            {
                // The content is already buffered (the stream wraps that buffer); a synchronous parse is
                // markedly cheaper than the async streaming reader for the small bodies Proxmox sends.
                await using var body = await response.Content.ReadAsStreamAsync(ct);
                envelope = body.Length == 0 ? null : JsonSerializer.Deserialize<ProxmoxEnvelope<T>>(body, ProxmoxJson.Options);
            }
            catch (JsonException) when (!response.IsSuccessStatusCode)
            {
                // Error bodies are often empty or not JSON (proxies); the reason phrase carries the message.
            }
            catch (JsonException ex)
            {
                return Failure<T>(status, reason, new ProxmoxError(ProxmoxErrorKind.Other, $"Unreadable response from {path}: {ex.Message}"));
            }

            IReadOnlyDictionary<string, string> errors = envelope?.Errors is { } map
                ? map.ToDictionary(e => e.Key, e => e.Value.ValueKind == JsonValueKind.String ? e.Value.GetString()! : e.Value.ToString())
                : NoErrors;
            var message = envelope?.Message?.TrimEnd('\n');
            if (message is { Length: > 0 } && (response.ReasonPhrase is null or "" || reason == ReasonPhrases.GetReasonPhrase(status)))
            {
                // HTTP/2 has no reason phrase and some proxies replace it with the standard text;
                // Proxmox repeats its message in the body (libpve-http-server-perl >= 5.2.0).
                reason = message;
            }

            return new ProxmoxResult<T>
            {
                StatusCode = status,
                ReasonPhrase = reason,
                Data = envelope is null ? default : envelope.Data,
                Errors = errors,
                Message = message,
                Total = envelope?.Total,
                Error = response.IsSuccessStatusCode ? null : ProxmoxErrorClassifier.Classify(status, reason, errors, message),
            };
        }
    }

    private HttpRequestMessage BuildRequest(HttpMethod method, string path, ProxmoxParameters? parameters)
    {
        var url = baseUrl + path;
        HttpContent? content = null;
        if (parameters is { Count: > 0 })
        {
            if (method == HttpMethod.Get || method == HttpMethod.Delete)
            {
                // Proxmox rejects a body on GET and DELETE with 501.
                url += "?" + string.Join("&", parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
            }
            else
            {
                content = new FormUrlEncodedContent(parameters);
            }
        }

        var request = new HttpRequestMessage(method, url) { Content = content };
        if (tokenHeader is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", tokenHeader);
        }
        else if (ticket is not null)
        {
            request.Headers.Add("Cookie", "PVEAuthCookie=" + Uri.EscapeDataString(ticket.Ticket));
            if (method != HttpMethod.Get)
            {
                request.Headers.Add("CSRFPreventionToken", ticket.CsrfPreventionToken);
            }
        }

        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        return request;
    }

    private static ProxmoxResult<T> Failure<T>(int statusCode, string reason, ProxmoxError error) =>
        new() { StatusCode = statusCode, ReasonPhrase = reason, Error = error };

    internal static string Segment(string value) => Uri.EscapeDataString(value);
}
