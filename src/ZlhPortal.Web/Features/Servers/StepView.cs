
namespace ZlhPortal.Web.Features.Servers;

public sealed record StepView(ProvisioningStep Step, StepState State, int Attempts, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Message);
