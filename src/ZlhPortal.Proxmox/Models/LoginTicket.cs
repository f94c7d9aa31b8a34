using System.Text.Json.Serialization;

namespace ZlhPortal.Proxmox.Models;

/// <summary>The answer of <c>POST /access/ticket</c>. A ticket lasts two hours.</summary>
public sealed record LoginTicket
{
    public string Username { get; init; } = "";

    public string Ticket { get; init; } = "";

    [JsonPropertyName("CSRFPreventionToken")]
    public string CsrfPreventionToken { get; init; } = "";
}
