namespace ZlhPortal.Web.Features.Billing.Documents;

public static class InvoiceDocuments
{
    /// <summary>Registers <see cref="InvoicePdf"/> and the fonts it embeds (read once from the web root).</summary>
    public static IHostApplicationBuilder AddInvoiceDocuments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(services => InvoiceFonts.Load(services.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider));
        builder.Services.AddSingleton<InvoicePdf>();
        return builder;
    }
}
