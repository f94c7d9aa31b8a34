namespace ZlhPortal.Web.Features.Provisioning;

/// <summary>The runtime did not cooperate this time (node away, lock held, timeout); the job is retried later.</summary>
public sealed class TransientRuntimeException(string message) : Exception(message);
