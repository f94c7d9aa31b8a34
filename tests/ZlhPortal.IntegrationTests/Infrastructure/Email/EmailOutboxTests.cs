using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Email;

namespace ZlhPortal.IntegrationTests.Infrastructure.Email;

/// <summary>The outbox under the conditions of several instances: passes racing over one queue, and the same message queued twice.</summary>
public sealed class EmailOutboxTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Delivery_passes_running_at_once_send_every_queued_message_exactly_once()
    {
        var to = $"outbox-{Guid.NewGuid():N}@example.test";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var messages = Enumerable.Range(1, 120).Select(i => ($"test:{to}:{i}", new EmailMessage(to, $"Message {i:000}", "text", "<p>html</p>"))).ToList();
            Assert.Equal(120, await EmailOutbox.QueueAsync(db, messages, DateTimeOffset.UtcNow, CancellationToken.None));
            await db.SaveChangesAsync();

            // Queuing the same keys again (a rerun of whatever queued them) adds nothing.
            Assert.Equal(0, await EmailOutbox.QueueAsync(db, messages, DateTimeOffset.UtcNow, CancellationToken.None));
        }

        var outbox = factory.Services.GetRequiredService<EmailOutbox>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => outbox.DeliverAsync(CancellationToken.None))));

        var subjects = factory.Mailbox.MessagesTo(to).Select(m => m.Subject).ToList();
        Assert.Equal(120, subjects.Count);
        Assert.Equal(120, subjects.Distinct().Count());
    }
}
