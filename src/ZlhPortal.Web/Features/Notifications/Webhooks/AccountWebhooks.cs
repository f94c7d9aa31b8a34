using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure;
using ZlhPortal.Web.Infrastructure.Data;

namespace ZlhPortal.Web.Features.Notifications.Webhooks;

/// <summary>A customer's webhooks: add, list, delete, test, and the log of their calls. Everything is scoped to the owner.</summary>
public sealed class AccountWebhooks(
    IDbContextFactory<AppDbContext> dbFactory, WebhookDeliveries deliveries, IOptions<NotificationsOptions> options, IOptions<PortalOptions> portal, TimeProvider time)
{
    public const int LogSize = 20;

    public async Task<IReadOnlyList<WebhookResponse>> ListAsync(string ownerId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await db.Webhooks.AsNoTracking().Where(w => w.OwnerId == ownerId).OrderBy(w => w.Id).ToListAsync(ct)).Select(w => WebhookResponse.From(w)).ToList();
    }

    public async Task<WebhookCreateResult> CreateAsync(string ownerId, WebhookRequest request, CancellationToken ct)
    {
        if (!Enum.TryParse<WebhookFormat>(request.Format, ignoreCase: true, out var format) || !Enum.IsDefined(format) || int.TryParse(request.Format, out _))
        {
            return WebhookCreateResult.Refused("\"format\" must be discord or generic.");
        }

        var kinds = new List<string>();
        foreach (var name in request.Kinds ?? [])
        {
            if (!NotificationNames.TryParse(name ?? "", out var kind))
            {
                return WebhookCreateResult.Refused($"\"kinds\" may hold {string.Join(", ", Enum.GetValues<NotificationKind>().Select(NotificationNames.Of))}.");
            }

            kinds.Add(NotificationNames.Of(kind));
        }

        var url = request.Url?.Trim() ?? "";
        if (await WebhookAddresses.RefusalAsync(url, options.Value, ct) is { } refusal)
        {
            return WebhookCreateResult.Refused(refusal);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (request.ServerId is { } serverId && !await db.Servers.AnyAsync(s => s.Id == serverId && s.OwnerId == ownerId && s.Status != ServerStatus.Deleted, ct))
        {
            return WebhookCreateResult.Refused($"You have no server {serverId}.");
        }

        if (await db.Webhooks.CountAsync(w => w.OwnerId == ownerId, ct) >= options.Value.MaxWebhooksPerAccount)
        {
            return WebhookCreateResult.Refused($"An account may have {options.Value.MaxWebhooksPerAccount} webhooks; delete one first.");
        }

        var webhook = new Webhook
        {
            OwnerId = ownerId, ServerId = request.ServerId, Url = url, Format = format, Kinds = string.Join(',', kinds.Distinct()),
            Secret = format == WebhookFormat.Generic ? "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) : null,
            CreatedAt = time.GetUtcNow(),
        };
        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync(ct);
        return new WebhookCreateResult(WebhookResponse.From(webhook, webhook.Secret), null);
    }

    public async Task<bool> DeleteAsync(string ownerId, int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Webhooks.Where(w => w.Id == id && w.OwnerId == ownerId).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>Sends a sample event at once and says how the webhook answered; null when it is not the owner's.</summary>
    public async Task<WebhookCallResult?> TestAsync(string ownerId, int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var webhook = await db.Webhooks.FirstOrDefaultAsync(w => w.Id == id && w.OwnerId == ownerId, ct);
        if (webhook is null)
        {
            return null;
        }

        var serverName = webhook.ServerId is { } serverId
            ? await db.Servers.Where(s => s.Id == serverId).Select(s => s.Name).FirstOrDefaultAsync(ct) ?? "Your server"
            : "Your server";
        var now = time.GetUtcNow();
        var delivery = new WebhookDelivery
        {
            WebhookId = webhook.Id, Event = "test", Test = true, CreatedAt = now, NextAttemptAt = now,
            Body = WebhookPayloads.For(webhook.Format, Guid.NewGuid().ToString(), "test", webhook.ServerId, serverName, now,
                $"A test from {portal.Value.Name}: this webhook works.", portal.Value.Name),
        };
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(ct);
        return await deliveries.SendAsync(delivery.Id, ct) ?? new WebhookCallResult(false, null, "Taken by the background pass; the delivery log shows how it went.");
    }

    /// <summary>The webhook's last <see cref="LogSize"/> calls, newest first; null when it is not the owner's.</summary>
    public async Task<IReadOnlyList<WebhookAttemptRow>?> LogAsync(string ownerId, int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Webhooks.AnyAsync(w => w.Id == id && w.OwnerId == ownerId, ct))
        {
            return null;
        }

        return await (from a in db.WebhookAttempts
                      join d in db.WebhookDeliveries on a.DeliveryId equals d.Id
                      where a.WebhookId == id
                      orderby a.Id descending
                      select new WebhookAttemptRow(a.At, d.Event, a.Number, a.Succeeded, a.StatusCode, a.Error)).Take(LogSize).ToListAsync(ct);
    }

    /// <summary>
    /// Adds a delivery of <paramref name="notification"/> for each of the owner's enabled webhooks that wants it, to the
    /// caller's unit of work (saved with the notification); returns them, to be sent once saved.
    /// </summary>
    public static async Task<IReadOnlyList<WebhookDelivery>> AddDeliveriesAsync(AppDbContext db, Notification notification, string product, DateTimeOffset now, CancellationToken ct)
    {
        var hooks = await db.Webhooks.AsNoTracking()
            .Where(w => w.OwnerId == notification.OwnerId && w.Enabled && (w.ServerId == null || w.ServerId == notification.ServerId)).ToListAsync(ct);
        var added = new List<WebhookDelivery>();
        var name = NotificationNames.Of(notification.Kind);
        foreach (var hook in hooks.Where(h => WebhookKinds.Includes(h.Kinds, notification.Kind)))
        {
            var delivery = new WebhookDelivery
            {
                WebhookId = hook.Id, Notification = notification, Event = name, CreatedAt = now, NextAttemptAt = now,
                Body = WebhookPayloads.For(hook.Format, Guid.NewGuid().ToString(), name, notification.ServerId, notification.ServerName, notification.At, notification.Text, product),
            };
            db.WebhookDeliveries.Add(delivery);
            added.Add(delivery);
        }

        return added;
    }
}
