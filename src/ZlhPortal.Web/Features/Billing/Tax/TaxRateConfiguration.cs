using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ZlhPortal.Web.Features.Billing.Tax;

public sealed class TaxRateConfiguration : IEntityTypeConfiguration<TaxRate>
{
    public void Configure(EntityTypeBuilder<TaxRate> builder)
    {
        builder.HasKey(t => t.Country);
        builder.Property(t => t.Country).HasMaxLength(2);
        builder.Property(t => t.Name).HasMaxLength(40);
        builder.Property(t => t.RatePercent).HasPrecision(7, 4);
        // Starting rates (standard VAT); admins edit the table, countries not in it pay no tax.
        builder.HasData(
            new TaxRate { Country = "DE", Name = "VAT", RatePercent = 19m },
            new TaxRate { Country = "AT", Name = "VAT", RatePercent = 20m },
            new TaxRate { Country = "FR", Name = "VAT", RatePercent = 20m },
            new TaxRate { Country = "NL", Name = "VAT", RatePercent = 21m });
    }
}
