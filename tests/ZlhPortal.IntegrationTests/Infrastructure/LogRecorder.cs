using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ZlhPortal.IntegrationTests.Infrastructure;

/// <summary>
/// A logger provider that keeps every entry with the named values of the scopes around it, as the JSON console
/// formatter would print them; add it with <see cref="AddTo"/>.
/// </summary>
public sealed class LogRecorder : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<Entry> entries = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<Entry> Entries => [.. entries];

    /// <summary>Registers the recorder with a portal's services, for entries of Information and above from every category.</summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton<ILoggerProvider>(this);
        // A rule for this provider wins over the portal's per-category levels (Microsoft.AspNetCore at Warning).
        services.Configure<LoggerFilterOptions>(options => options.AddFilter<LogRecorder>(null, LogLevel.Information));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    public sealed record Entry(string Category, string Message, IReadOnlyDictionary<string, object?> Scope)
    {
        public string? this[string name] => Scope.TryGetValue(name, out var value) ? value?.ToString() : null;
    }

    private sealed class Logger(LogRecorder recorder, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => recorder.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = new Dictionary<string, object?>();
            recorder.scopes.ForEachScope((scope, into) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs)
                    {
                        into[key] = value;
                    }
                }
            }, values);
            recorder.entries.Enqueue(new Entry(category, formatter(state, exception), values));
        }
    }
}
