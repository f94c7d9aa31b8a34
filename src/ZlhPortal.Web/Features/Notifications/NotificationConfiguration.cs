using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.Web.Features.Notifications;

public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.ServerName).HasMaxLength(Notification.ServerNameMaxLength);
        builder.Property(n => n.Text).HasMaxLength(Notification.TextMaxLength);
        builder.HasOne<HostedServer>().WithMany().HasForeignKey(n => n.ServerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(n => n.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => new { n.HistoryEntryId, n.Kind }).IsUnique();
        builder.HasIndex(n => new { n.ServerId, n.Kind, n.At });
    }
}
