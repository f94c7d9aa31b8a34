using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZlhPortal.Web.Features.Servers;
using ZlhPortal.Web.Infrastructure.Auth;
using ZlhPortal.Web.Infrastructure.Data;
using ZlhPortal.Web.Infrastructure.Email;

namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>
/// The support desk: customers open tickets and reply; staff reply, assign and set statuses. A customer's message
/// opens the ticket, a staff reply waits on the customer, and either may close it; a reply reopens a closed ticket.
/// A customer sees only their own tickets (another's reads as absent), never the staff's internal notes.
/// </summary>
public sealed class TicketDesk(
    IDbContextFactory<AppDbContext> dbFactory, ServerDirectory servers, EmailOutbox outbox, TicketEmails emails,
    IOptions<SupportOptions> options, TimeProvider time, ILogger<TicketDesk> logger)
{
    public const int MaxPageSize = 100;

    public SupportOptions Limits => options.Value;

    public async Task<TicketResult> OpenAsync(
        string customerId, string? subject, string? body, int? serverId, IReadOnlyList<AttachmentUpload>? files = null, CancellationToken ct = default)
    {
        subject = subject?.Trim();
        if (string.IsNullOrEmpty(subject))
        {
            return TicketResult.Invalid("Give the ticket a subject: a few words saying what it is about.");
        }

        if (subject.Length > Ticket.SubjectMaxLength)
        {
            return TicketResult.Invalid($"The subject can be at most {Ticket.SubjectMaxLength} characters; say the rest in the message.");
        }

        if (BodyProblem(body) is { } problem)
        {
            return TicketResult.Invalid(problem);
        }

        if (serverId is { } id && await servers.FindAsync(id, customerId, ct) is null)
        {
            return TicketResult.Invalid($"You have no server {id.ToString(CultureInfo.InvariantCulture)}: attach one of your own servers, or none.");
        }

        var (attachments, refusal) = await ReadAsync(files ?? [], ct);
        if (attachments is null)
        {
            return TicketResult.Invalid(refusal!);
        }

        var now = time.GetUtcNow();
        var message = new TicketMessage { AuthorId = customerId, Body = body!.Trim(), At = now, Attachments = attachments };
        var ticket = new Ticket
        {
            CustomerId = customerId, Subject = subject, Status = TicketStatus.Open, ServerId = serverId,
            CreatedAt = now, UpdatedAt = now, LastReplyAt = now, Messages = [message],
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Tickets.Add(ticket);
        await db.SaveChangesAsync(ct);
        await TellStaffAsync(db, ticket, message, opened: true, ct);
        return TicketResult.Done(ticket.Id);
    }

    /// <summary>Adds a message; staff reply as staff (or, <paramref name="internalNote"/>, leave a note only staff see).</summary>
    public async Task<TicketResult> ReplyAsync(
        int ticketId, TicketViewer viewer, string? body, bool internalNote = false, IReadOnlyList<AttachmentUpload>? files = null, CancellationToken ct = default)
    {
        if (BodyProblem(body) is { } problem)
        {
            return TicketResult.Invalid(problem);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ticket = await Visible(db, viewer).FirstOrDefaultAsync(t => t.Id == ticketId, ct);
        if (ticket is null)
        {
            return TicketResult.NotFound(ticketId);
        }

        var fromStaff = viewer.IsStaff && ticket.CustomerId != viewer.UserId;
        if (internalNote && !fromStaff)
        {
            return TicketResult.Invalid("Only staff can leave internal notes.");
        }

        var (attachments, refusal) = await ReadAsync(files ?? [], ct);
        if (attachments is null)
        {
            return TicketResult.Invalid(refusal!);
        }

        var now = time.GetUtcNow();
        var message = new TicketMessage
        {
            TicketId = ticket.Id, AuthorId = viewer.UserId, FromStaff = fromStaff, Internal = internalNote, Body = body!.Trim(), At = now, Attachments = attachments,
        };
        db.TicketMessages.Add(message);
        ticket.UpdatedAt = now;
        if (!internalNote)
        {
            ticket.LastReplyAt = now;
            ticket.Status = fromStaff ? TicketStatus.WaitingOnCustomer : TicketStatus.Open;
        }

        await db.SaveChangesAsync(ct);
        if (fromStaff && !internalNote)
        {
            var to = await EmailOfAsync(db, ticket.CustomerId, ct);
            if (to is not null)
            {
                await SendAsync(db, $"ticket-message:{message.Id.ToString(CultureInfo.InvariantCulture)}", emails.StaffReplied(to, ticket.Id, ticket.Subject, message.Body), ct);
            }
        }
        else if (!fromStaff)
        {
            await TellStaffAsync(db, ticket, message, opened: false, ct);
        }

        return TicketResult.Done(ticket.Id);
    }

    /// <summary>Customers may close their ticket (a reply reopens it); staff may set any status.</summary>
    public async Task<TicketResult> SetStatusAsync(int ticketId, TicketViewer viewer, TicketStatus status, CancellationToken ct = default)
    {
        if (!viewer.IsStaff && status != TicketStatus.Closed)
        {
            return TicketResult.Invalid("You can close a ticket; to reopen it, reply to it.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ticket = await Visible(db, viewer).FirstOrDefaultAsync(t => t.Id == ticketId, ct);
        if (ticket is null)
        {
            return TicketResult.NotFound(ticketId);
        }

        ticket.Status = status;
        ticket.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return TicketResult.Done(ticketId);
    }

    /// <summary>Staff give the ticket to a staff member, or to nobody (null).</summary>
    public async Task<TicketResult> AssignAsync(int ticketId, TicketViewer viewer, string? assigneeId, CancellationToken ct = default)
    {
        if (!viewer.IsStaff)
        {
            return TicketResult.NotFound(ticketId);
        }

        if (assigneeId is not null && !(await ListStaffAsync(ct)).Any(s => s.Id == assigneeId))
        {
            return TicketResult.Invalid("Tickets can be assigned only to support staff or admins.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var changed = await db.Tickets.Where(t => t.Id == ticketId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.AssignedToId, assigneeId).SetProperty(t => t.UpdatedAt, time.GetUtcNow()), ct);
        return changed == 0 ? TicketResult.NotFound(ticketId) : TicketResult.Done(ticketId);
    }

    public async Task<TicketView?> FindAsync(int ticketId, TicketViewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await Rows(db, Visible(db, viewer).Where(t => t.Id == ticketId)).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var messages = await db.TicketMessages.AsNoTracking()
            .Where(m => m.TicketId == ticketId && (viewer.IsStaff || !m.Internal))
            .OrderBy(m => m.At).ThenBy(m => m.Id)
            .Select(m => new
            {
                m.Id, Author = db.Users.Where(u => u.Id == m.AuthorId).Select(u => u.Email).FirstOrDefault(), m.FromStaff, m.Internal, m.Body, m.At,
                Attachments = m.Attachments.OrderBy(a => a.Id).Select(a => new AttachmentView(a.Id, a.FileName, a.ContentType, a.Size)).ToList(),
            })
            .ToListAsync(ct);
        var server = row.ServerId is { } serverId ? await servers.FindAsync(serverId, null, ct) : null;
        // Customers read "Support", not the staff member's own address.
        return new(row, server?.Name, messages.Select(m => new TicketMessageView(
            m.Id, m.FromStaff && !viewer.IsStaff ? "Support" : m.Author ?? "(closed account)", m.FromStaff, m.Internal, m.Body, m.At, m.Attachments)).ToList());
    }

    public async Task<IReadOnlyList<TicketRow>> ListForCustomerAsync(string customerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Rows(db, db.Tickets.Where(t => t.CustomerId == customerId).OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id).Take(500))
            .ToListAsync(ct);
    }

    /// <summary>The staff queue: most recent activity first.</summary>
    public async Task<(IReadOnlyList<TicketRow> Rows, int Total)> QueueAsync(
        string staffId, TicketQueueFilter filter, int page = 0, int pageSize = 25, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tickets = db.Tickets.AsQueryable();
        if (filter.Status is { } status)
        {
            tickets = tickets.Where(t => t.Status == status);
        }

        tickets = filter.Assignee switch
        {
            TicketAssignee.Me => tickets.Where(t => t.AssignedToId == staffId),
            TicketAssignee.Unassigned => tickets.Where(t => t.AssignedToId == null),
            _ => tickets,
        };
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim();
            var lower = term.ToLowerInvariant();
            var upper = term.ToUpperInvariant();
            tickets = tickets.Where(t => t.Subject.ToLower().Contains(lower)
                || db.Users.Any(u => u.Id == t.CustomerId && u.NormalizedEmail!.Contains(upper)));
        }

        var total = await tickets.CountAsync(ct);
        var rows = await Rows(db, tickets.OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id)
            .Skip(Math.Max(page, 0) * Math.Clamp(pageSize, 1, MaxPageSize)).Take(Math.Clamp(pageSize, 1, MaxPageSize))).ToListAsync(ct);
        return (rows, total);
    }

    /// <summary>Support staff and admins, whom tickets can be assigned to.</summary>
    public async Task<IReadOnlyList<StaffMember>> ListStaffAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (from u in db.Users
                      join ur in db.UserRoles on u.Id equals ur.UserId
                      join r in db.Roles on ur.RoleId equals r.Id
                      where r.Name == Roles.Support || r.Name == Roles.Admin
                      orderby u.Email
                      select new StaffMember(u.Id, u.Email ?? "")).ToListAsync(ct);
    }

    /// <summary>An attachment the viewer may read: on their own ticket (not in a staff note), or any for staff.</summary>
    public async Task<AttachmentFile?> FindAttachmentAsync(int ticketId, long attachmentId, TicketViewer viewer, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (from a in db.TicketAttachments
                      join m in db.TicketMessages on a.MessageId equals m.Id
                      join t in Visible(db, viewer) on m.TicketId equals t.Id
                      where a.Id == attachmentId && t.Id == ticketId && (viewer.IsStaff || !m.Internal)
                      select new AttachmentFile(a.FileName, a.ContentType, a.Content)).FirstOrDefaultAsync(ct);
    }

    /// <summary>Why a file of this size cannot be attached, or null when it can.</summary>
    public string? SizeProblem(string fileName, long size) =>
        size > Limits.MaxAttachmentBytes
            ? $"{fileName} is {SizeText(size)}; a file can be at most {SizeText(Limits.MaxAttachmentBytes)}. Make it smaller (zip it, or crop the screenshot) and attach it again."
            : size <= 0 ? $"{fileName} is empty." : null;

    public static string SizeText(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => $"{(bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture)} KB",
        _ => $"{(bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture)} MB",
    };

    private static IQueryable<Ticket> Visible(AppDbContext db, TicketViewer viewer) =>
        viewer.IsStaff ? db.Tickets : db.Tickets.Where(t => t.CustomerId == viewer.UserId);

    private static IQueryable<TicketRow> Rows(AppDbContext db, IQueryable<Ticket> tickets) =>
        tickets.AsNoTracking().Select(t => new TicketRow(
            t.Id, t.Subject, t.Status, t.CustomerId, db.Users.Where(u => u.Id == t.CustomerId).Select(u => u.Email).FirstOrDefault() ?? "", t.ServerId,
            t.AssignedToId, db.Users.Where(u => u.Id == t.AssignedToId).Select(u => u.Email).FirstOrDefault(), t.CreatedAt, t.UpdatedAt, t.LastReplyAt));

    private static string? BodyProblem(string? body) =>
        string.IsNullOrWhiteSpace(body) ? "Write a message: what happened, and what you expected."
        : body.Trim().Length > TicketMessage.BodyMaxLength ? $"A message can be at most {TicketMessage.BodyMaxLength} characters; split it in two."
        : null;

    private async Task<(List<TicketAttachment>? Attachments, string? Refusal)> ReadAsync(IReadOnlyList<AttachmentUpload> uploads, CancellationToken ct)
    {
        if (uploads.Count > Limits.MaxAttachmentsPerMessage)
        {
            return (null, $"A message can carry at most {Limits.MaxAttachmentsPerMessage} files; send the rest with another message.");
        }

        var attachments = new List<TicketAttachment>();
        foreach (var upload in uploads)
        {
            var name = Path.GetFileName(upload.FileName.Replace('\\', '/')).Trim();
            name = name.Length == 0 ? "file" : name.Length > TicketAttachment.FileNameMaxLength ? name[^TicketAttachment.FileNameMaxLength..] : name;
            if (SizeProblem(name, upload.Size) is { } problem)
            {
                return (null, problem);
            }

            // The claimed size is the sender's word: stop reading past the limit whatever it said.
            await using var stream = upload.Open();
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > Limits.MaxAttachmentBytes)
                {
                    return (null, SizeProblem(name, buffer.Length));
                }
            }

            var type = MediaTypeHeaderValue.TryParse(upload.ContentType, out var parsed) && parsed.MediaType is { Length: <= TicketAttachment.ContentTypeMaxLength } media
                ? media : "application/octet-stream";
            attachments.Add(new TicketAttachment { FileName = name, ContentType = type, Size = buffer.Length, Content = buffer.ToArray() });
        }

        return (attachments, null);
    }

    private async Task TellStaffAsync(AppDbContext db, Ticket ticket, TicketMessage message, bool opened, CancellationToken ct)
    {
        var to = ticket.AssignedToId is { } assignee ? await EmailOfAsync(db, assignee, ct) : Limits.NotifyAddress;
        if (to is null)
        {
            return;
        }

        var customer = await EmailOfAsync(db, ticket.CustomerId, ct) ?? "A customer";
        await SendAsync(db, $"ticket-message:{message.Id.ToString(CultureInfo.InvariantCulture)}",
            emails.CustomerWrote(to, ticket.Id, ticket.Subject, customer, message.Body, opened), ct);
    }

    private static Task<string?> EmailOfAsync(AppDbContext db, string userId, CancellationToken ct) =>
        db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(ct);

    // The message is saved already; mail that fails now stays queued for the outbox's next pass.
    private async Task SendAsync(AppDbContext db, string key, EmailMessage message, CancellationToken ct)
    {
        await EmailOutbox.QueueAsync(db, key, message, time.GetUtcNow(), ct);
        await db.SaveChangesAsync(ct);
        try
        {
            await outbox.TryDeliverAsync(key, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Ticket email {Key} not delivered yet; the outbox retries it", key);
        }
    }
}
