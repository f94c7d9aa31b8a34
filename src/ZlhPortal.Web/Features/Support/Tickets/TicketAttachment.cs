namespace ZlhPortal.Web.Features.Support.Tickets;

/// <summary>A file sent with a message, kept in the database (small: <see cref="SupportOptions.MaxAttachmentBytes"/>).</summary>
public sealed class TicketAttachment
{
    public const int FileNameMaxLength = 200;

    public const int ContentTypeMaxLength = 100;

    public long Id { get; set; }

    public long MessageId { get; set; }

    public string FileName { get; set; } = "";

    public string ContentType { get; set; } = "";

    public long Size { get; set; }

    public byte[] Content { get; set; } = [];
}
