using Hangfire;

namespace ZlhPortal.Web.Infrastructure.Jobs;

/// <summary>A recurring job a feature declares with <see cref="HangfireSetup.AddRecurringJob{TJob}"/>; scheduled at start.</summary>
public sealed record RecurringJobDeclaration(string Id, Action<IRecurringJobManager, IServiceProvider> Schedule);
