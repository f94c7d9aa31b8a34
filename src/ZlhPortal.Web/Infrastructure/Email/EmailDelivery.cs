using System.ComponentModel.DataAnnotations;

namespace ZlhPortal.Web.Infrastructure.Email;

public enum EmailDelivery
{
    /// <summary>Write each message as an .eml file into <see cref="EmailOptions.PickupDirectory"/>.</summary>
    Pickup,

    /// <summary>Send through an SMTP server with MailKit.</summary>
    Smtp,
}
