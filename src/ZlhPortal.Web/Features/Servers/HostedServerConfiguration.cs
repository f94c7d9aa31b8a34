using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ZlhPortal.Web.Features.Accounts;
using ZlhPortal.Web.Features.Catalog;

namespace ZlhPortal.Web.Features.Servers;

public sealed class HostedServerConfiguration : IEntityTypeConfiguration<HostedServer>
{
    public void Configure(EntityTypeBuilder<HostedServer> builder)
    {
        builder.ToTable("Servers");
        builder.Property(s => s.Name).HasMaxLength(HostedServer.NameMaxLength);
        builder.Property(s => s.OwnerId).HasMaxLength(450);
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(10);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Operation).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Node).HasMaxLength(64);
        builder.Property(s => s.GameVersion).HasMaxLength(50);
        builder.Property(s => s.RequestedGameVersion).HasMaxLength(50);
        builder.Property(s => s.IpAddress).HasMaxLength(64);
        builder.Property(s => s.Hostname).HasMaxLength(253);
        builder.Property(s => s.FailureReason).HasMaxLength(500);
        builder.Property(s => s.FailureDetail).HasMaxLength(2000);
        builder.Property(s => s.LastActionError).HasMaxLength(ServerActionFailure.ReasonMaxLength);
        builder.Property(s => s.StaffSuspendedReason).HasMaxLength(HostedServer.StaffReasonMaxLength);
        builder.Property(s => s.StaffSuspendedBy).HasMaxLength(256);
        builder.Property(s => s.AgentCredentialProtected).HasMaxLength(1000);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => s.OwnerId);
        builder.HasIndex(s => s.Status);
        // A VMID belongs to at most one live server; deleted servers keep theirs for the record.
        builder.HasIndex(s => s.Vmid).IsUnique().HasFilter("\"Vmid\" IS NOT NULL AND \"Status\" <> 'Deleted'");
        builder.HasIndex(s => s.PublicPort).IsUnique().HasFilter("\"PublicPort\" IS NOT NULL");
        builder.HasIndex(s => s.OrderId).IsUnique().HasFilter("\"OrderId\" IS NOT NULL");
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(s => s.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Plan>().WithMany().HasForeignKey(s => s.PlanId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Template>().WithMany().HasForeignKey(s => s.TemplateId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Steps).WithOne().HasForeignKey(s => s.ServerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.ActionFailures).WithOne().HasForeignKey(f => f.ServerId).OnDelete(DeleteBehavior.Cascade);
    }
}
