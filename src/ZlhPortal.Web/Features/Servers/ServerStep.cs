namespace ZlhPortal.Web.Features.Servers;

/// <summary>One line of a server's provisioning timeline.</summary>
public sealed class ServerStep
{
    public const int MessageMaxLength = 1000;

    public int Id { get; set; }

    public int ServerId { get; set; }

    public ProvisioningStep Step { get; set; }

    public StepState State { get; set; } = StepState.Pending;

    public int Attempts { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public string? Message { get; set; }
}
