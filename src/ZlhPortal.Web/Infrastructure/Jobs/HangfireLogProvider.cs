using Hangfire.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using MicrosoftLevel = Microsoft.Extensions.Logging.LogLevel;

namespace ZlhPortal.Web.Infrastructure.Jobs;

/// <summary>
/// Hangfire's log provider is process-wide. Several portal hosts may live in one process (tests) and be disposed
/// while another still runs jobs, so this one tolerates a logger factory that is gone instead of failing the job.
/// </summary>
public sealed class HangfireLogProvider(ILoggerFactory factory) : ILogProvider
{
    public ILog GetLogger(string name) => new Logger(factory, name);

    private sealed class Logger(ILoggerFactory factory, string name) : ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                var logger = factory.CreateLogger(name);
                var level = logLevel switch
                {
                    HangfireLevel.Trace => MicrosoftLevel.Trace,
                    HangfireLevel.Debug => MicrosoftLevel.Debug,
                    HangfireLevel.Info => MicrosoftLevel.Information,
                    HangfireLevel.Warn => MicrosoftLevel.Warning,
                    HangfireLevel.Error => MicrosoftLevel.Error,
                    _ => MicrosoftLevel.Critical,
                };
                if (messageFunc is null)
                {
                    return logger.IsEnabled(level);
                }

                logger.Log(level, exception, "{Message}", messageFunc());
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
