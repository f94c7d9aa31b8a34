namespace ZlhPortal.Web.Features.Provisioning.Jobs;

/// <summary>In-process mutual exclusion per server (keyed by its id) for the jobs that drive it.</summary>
public sealed class ServerLocks : KeyedLocks;
