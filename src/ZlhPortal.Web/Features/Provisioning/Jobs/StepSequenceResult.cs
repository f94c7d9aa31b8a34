using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.Web.Features.Provisioning.Jobs;

/// <summary>How a run of steps ended: all done, abandoned (the server no longer wants it), or failed for good at a step.</summary>
public sealed record StepSequenceResult(bool Completed, ProvisioningStep? FailedStep = null, ProvisioningException? Failure = null);
