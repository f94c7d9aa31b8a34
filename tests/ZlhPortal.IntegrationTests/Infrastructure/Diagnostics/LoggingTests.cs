using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using ZlhPortal.IntegrationTests.Infrastructure;

namespace ZlhPortal.IntegrationTests.Infrastructure.Diagnostics;

/// <summary>Logs an operator can follow: a correlation id on every request's entries and the job id on every job's.</summary>
public sealed class LoggingTests : IDisposable
{
    private readonly LogRecorder logs = new();
    private readonly PortalAppFactory factory = new();

    public LoggingTests() => factory.WithServices(logs.AddTo);

    [Fact]
    public async Task A_request_logs_under_the_correlation_id_it_was_sent_and_gets_it_back()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Correlation-Id", "checkout-7f3a.2_b");

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal("checkout-7f3a.2_b", Assert.Single(response.Headers.GetValues("X-Correlation-Id")));
        Assert.Contains(logs.Entries, e => e["CorrelationId"] == "checkout-7f3a.2_b" && e.Message.StartsWith("Executing endpoint", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_id_header_is_taken_when_there_is_no_correlation_id()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Request-Id", "lb-12345");

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal("lb-12345", Assert.Single(response.Headers.GetValues("X-Correlation-Id")));
    }

    [Theory]
    [InlineData("has spaces and \"quotes\"")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    public async Task A_malformed_correlation_id_is_replaced_by_a_fresh_one(string sent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", sent);

        var response = await factory.CreateClient().SendAsync(request);

        var id = Assert.Single(response.Headers.GetValues("X-Correlation-Id"));
        Assert.NotEqual(sent, id);
        Assert.Matches("^[A-Za-z0-9._-]{1,64}$", id);
        Assert.Contains(logs.Entries, e => e["CorrelationId"] == id);
        Assert.DoesNotContain(logs.Entries, e => e["CorrelationId"] == sent);
    }

    [Fact]
    public async Task Two_requests_without_an_id_get_different_ones()
    {
        var client = factory.CreateClient();

        var first = (await client.GetAsync("/health/live")).Headers.GetValues("X-Correlation-Id").Single();
        var second = (await client.GetAsync("/health/live")).Headers.GetValues("X-Correlation-Id").Single();

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task A_job_logs_under_its_job_id()
    {
        var jobs = factory.Services.GetRequiredService<IBackgroundJobClient>();

        var jobId = jobs.Enqueue<LogProbeJob>(j => j.RunAsync("probe-1", CancellationToken.None));

        var entry = await Eventually.UntilAsync(
            () => Task.FromResult(logs.Entries.FirstOrDefault(e => e.Category == typeof(LogProbeJob).FullName)),
            e => e is not null, TimeSpan.FromSeconds(30), "the probe job's log entry");
        Assert.Equal(jobId, entry!["JobId"]);
        Assert.Equal($"job-{jobId}", entry["CorrelationId"]);
    }

    [Fact]
    public void Logging_format_json_selects_the_json_console_formatter_with_scopes()
    {
        factory.WithSetting("Logging:Format", "Json");

        var console = factory.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        var json = factory.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;

        Assert.Equal(ConsoleFormatterNames.Json, console.FormatterName);
        Assert.True(json.IncludeScopes);
    }

    [Fact]
    public void Without_a_format_the_console_stays_simple() =>
        Assert.NotEqual(ConsoleFormatterNames.Json,
            factory.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);

    public void Dispose() => factory.Dispose();
}
