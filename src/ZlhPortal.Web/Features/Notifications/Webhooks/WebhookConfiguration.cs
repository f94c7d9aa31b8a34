using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Servers;

namespace ZlhPortal.Web.Features.Notifications.Webhooks;

public sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> builder)
    {
        builder.Property(w => w.Url).HasMaxLength(Webhook.UrlMaxLength);
        builder.Property(w => w.Format).HasConversion<string>().HasMaxLength(20);
        builder.Property(w => w.Kinds).HasMaxLength(200);
        builder.Property(w => w.Secret).HasMaxLength(100);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(w => w.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<HostedServer>().WithMany().HasForeignKey(w => w.ServerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(w => w.OwnerId);
    }
}
