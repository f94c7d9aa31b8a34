namespace ZlhPortal.Web.Infrastructure.Email;

/// <summary>The recurring pass that delivers what the outbox holds (mail queued while the mail server was down).</summary>
public sealed class EmailOutboxJob(EmailOutbox outbox)
{
    public Task<int> RunAsync(CancellationToken ct) => outbox.DeliverAsync(ct);
}
