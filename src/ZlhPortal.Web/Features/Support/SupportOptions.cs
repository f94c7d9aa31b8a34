using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Features.Support;

/// <summary>The support desk (<c>Support:*</c>): attachment limits and who hears of new customer messages.</summary>
public sealed class SupportOptions
{
    public const string SectionName = "Support";

    /// <summary>The largest file a ticket message may carry.</summary>
    [Range(1024, 64L << 20)]
    public long MaxAttachmentBytes { get; set; } = 5L << 20;

    /// <summary>How many files one message may carry.</summary>
    [Range(0, 20)]
    public int MaxAttachmentsPerMessage { get; set; } = 5;

    /// <summary>Told of customer messages on tickets nobody is assigned to; unset, only the assignee hears of them.</summary>
    [EmailAddress]
    public string? NotifyAddress { get; set; }
}
