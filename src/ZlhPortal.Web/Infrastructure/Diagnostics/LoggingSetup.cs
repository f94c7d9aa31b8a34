using System.Diagnostics;

namespace ZlhPortal.Web.Infrastructure.Diagnostics;

/// <summary>
/// Console logs, as one JSON object a line when <c>Logging:Format</c> is <c>Json</c> (for a log collector), and a
/// correlation id on everything a request logs. Jobs get theirs from <see cref="Jobs.JobLogScope"/>.
/// </summary>
public static class LoggingSetup
{
    public const string CorrelationHeader = "X-Correlation-Id";

    private const string RequestIdHeader = "X-Request-Id";

    private const int MaxCorrelationIdLength = 64;

    public static IHostApplicationBuilder AddConsoleLogs(this IHostApplicationBuilder builder)
    {
        var format = builder.Configuration["Logging:Format"];
        if (string.Equals(format, "Json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(options =>
            {
                // Scopes carry the correlation id (requests) and the job id (jobs).
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "O";
            });
        }
        else if (!string.IsNullOrWhiteSpace(format) && !string.Equals(format, "Simple", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Logging:Format is \"{format}\"; it is Simple (the default, for people) or Json (one object a line, for a log collector).");
        }

        return builder;
    }

    /// <summary>
    /// Opens a log scope with the request's <c>CorrelationId</c> (the caller's <c>X-Correlation-Id</c> or
    /// <c>X-Request-Id</c> when well-formed, else the trace id) and echoes it as <c>X-Correlation-Id</c>. Call first.
    /// </summary>
    public static IApplicationBuilder UseCorrelationIds(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("ZlhPortal.Requests");
        return app.Use(async (context, next) =>
        {
            var id = Incoming(context.Request.Headers, CorrelationHeader)
                ?? Incoming(context.Request.Headers, RequestIdHeader)
                ?? Activity.Current?.TraceId.ToHexString()
                ?? Guid.NewGuid().ToString("N");
            context.Response.Headers[CorrelationHeader] = id;
            using (logger.BeginScope("CorrelationId:{CorrelationId}", id))
            {
                await next(context);
            }
        });
    }

    // The id lands in every log line and in a response header: only short, plain tokens are taken as they are.
    private static string? Incoming(IHeaderDictionary headers, string name) =>
        headers[name] is [{ Length: > 0 and <= MaxCorrelationIdLength } value]
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? value
            : null;
}
