using ZlhPortal.Web.Infrastructure;

namespace ZlhPortal.UnitTests.Architecture;

/// <summary>The check of ArchitectureTests on made-up files, against a fixed copy of the rules, so it is known to catch what it must.</summary>
public sealed class PartRulesTests
{
    private const string Markdown = """
        # The parts

        | Part | Folder | Holds | May use |
        |---|---|---|---|
        | Accounts | Features/Accounts | identity | Infrastructure |
        | Catalog | Features/Catalog | plans | Infrastructure |
        | Servers | Features/Servers | servers | Accounts, Catalog, Infrastructure |
        | Provisioning | Features/Provisioning | jobs | Servers, Catalog, Accounts, Infrastructure, Proxmox |
        | Orders | Features/Orders | checkout | Catalog, Billing, Servers, Provisioning (capacity only), Accounts, Infrastructure |
        | Billing | Features/Billing | invoices | Servers, Catalog, Accounts, Infrastructure |
        | Consoles | Features/Consoles | consoles | Servers, Accounts, Infrastructure |
        | Admin | Features/Admin | back office | Accounts, Catalog, Servers, Provisioning, Orders, Billing, Consoles, Infrastructure, Proxmox |
        | Shell | Components | app shell | Accounts, Infrastructure |
        | Infrastructure | Infrastructure | plumbing | Proxmox, Simulator |
        | Program | Program.cs | composition root | Accounts, Catalog, Servers, Provisioning, Orders, Billing, Consoles, Admin, Infrastructure |

        Other names: **Proxmox** is the client library (`ZlhPortal.Proxmox`), **Simulator** the stand-in runtime
        (`ZlhPortal.Simulator`).

        | Part | Uses | Only these types |
        |---|---|---|
        | Orders | Provisioning | ServerPlacement, CapacityReservation, CapacityResult |

        | Part | Pages may also show |
        |---|---|
        | Servers | Billing, Consoles |

        | Files | May also use | Why |
        |---|---|---|
        | Infrastructure/Data | Accounts, Catalog, Servers, Provisioning, Orders, Billing, Consoles | the one DbContext |
        """;

    private static readonly PartRules Rules = PartRules.Parse(Markdown);

    private static readonly Dictionary<string, IReadOnlySet<string>> TypeNames = new()
    {
        ["Provisioning"] = new HashSet<string> { "ServerPlacement", "CapacityReservation", "CapacityResult", "ReconcileServersJob", "ServerLocks" },
        ["Orders"] = new HashSet<string> { "Checkout", "ServerLocks" },
        ["Billing"] = new HashSet<string> { "Invoice", "InvoiceDirectory", "SubscriptionPanel" },
    };

    private static IReadOnlyList<string> Check(string path, string text) => Rules.Violations(path, text, TypeNames);

    [Fact]
    public void Reports_a_billing_class_that_uses_provisioning() =>
        Assert.Equal(["Features/Billing/Fulfilment.cs (Billing) uses Provisioning"], Check("Features/Billing/Fulfilment.cs", """
            using ZlhPortal.Web.Features.Provisioning;
            using ZlhPortal.Web.Features.Servers;

            namespace ZlhPortal.Web.Features.Billing;

            public sealed class Fulfilment(ServerPlacement placement);
            """));

    [Fact]
    public void Reports_a_fully_qualified_name_of_another_part() =>
        Assert.Equal(["Features/Servers/ServerStore.cs (Servers) uses Orders"], Check("Features/Servers/ServerStore.cs", """
            namespace ZlhPortal.Web.Features.Servers;

            public sealed class ServerStore
            {
                private readonly ZlhPortal.Web.Features.Orders.Checkout checkout = new();
            }
            """));

    [Fact]
    public void Reports_a_name_qualified_from_features_on() =>
        Assert.Equal(["Infrastructure/Jobs/HangfireSetup.cs (Infrastructure) uses Provisioning"], Check("Infrastructure/Jobs/HangfireSetup.cs", """
            namespace ZlhPortal.Web.Infrastructure.Jobs;

            public static class HangfireSetup
            {
                public static void Map(IRecurringJobManager recurring) =>
                    recurring.AddOrUpdate<Features.Provisioning.ReconcileServersJob>("reconcile-servers", job => job.RunAsync(default), Cron.Minutely());
            }
            """));

    [Theory]
    [InlineData("using ZlhPortal.Web.Features.Billing;")]
    [InlineData("using static ZlhPortal.Web.Features.Billing.Money;")]
    [InlineData("using Invoices = ZlhPortal.Web.Features.Billing.InvoiceDirectory;")]
    [InlineData("global using ZlhPortal.Web.Features.Billing;")]
    [InlineData("var directory = services.GetRequiredService<global::ZlhPortal.Web.Features.Billing.InvoiceDirectory>();")]
    [InlineData("var zero = Features.Billing.Money.Zero;")]
    [InlineData("var zero = Web.Features.Billing.Money.Zero;")]
    [InlineData("var text = $\"{Features.Billing.Money.Zero}\";")]
    public void Reports_every_way_of_naming_another_part_in_a_class(string line) =>
        Assert.Equal(["Features/Consoles/ConsoleAccess.cs (Consoles) uses Billing"],
            Check("Features/Consoles/ConsoleAccess.cs", $"namespace ZlhPortal.Web.Features.Consoles;\n\n{line}\n"));

    [Theory]
    [InlineData("@using ZlhPortal.Web.Features.Billing")]
    [InlineData("@using static ZlhPortal.Web.Features.Billing.Money")]
    [InlineData("@inject ZlhPortal.Web.Features.Billing.InvoiceDirectory Invoices")]
    [InlineData("@inherits ZlhPortal.Web.Features.Billing.Pages.InvoicePageBase")]
    [InlineData("@layout ZlhPortal.Web.Features.Billing.Pages.BillingLayout")]
    [InlineData("@implements ZlhPortal.Web.Features.Billing.IInvoiceView")]
    [InlineData("<ZlhPortal.Web.Features.Billing.Pages.SubscriptionPanel ServerId=\"server.Id\" />")]
    [InlineData("<MudSelect T=\"ZlhPortal.Web.Features.Billing.Invoice\" Label=\"Invoice\" />")]
    [InlineData("<p>@(Features.Billing.Money.Zero)</p>")]
    [InlineData("@code { private Features.Billing.Invoice? invoice; }")]
    public void Reports_every_way_of_naming_another_part_in_a_page(string line) =>
        Assert.Equal(["Features/Consoles/ConsolePage.razor (Consoles) uses Billing"],
            Check("Features/Consoles/ConsolePage.razor", $"@page \"/servers/{{Id:int}}/console\"\n{line}\n<h1>Console</h1>\n"));

    [Theory]
    [InlineData("// Fulfilment starts ZlhPortal.Web.Features.Provisioning jobs.")]
    [InlineData("/// <summary>Calls <see cref=\"Features.Provisioning.ReconcileServersJob\"/>.</summary>")]
    [InlineData("/* using ZlhPortal.Web.Features.Provisioning; */")]
    [InlineData("var name = \"ZlhPortal.Web.Features.Provisioning.ReconcileServersJob\";")]
    [InlineData("var name = \"a \\\" Features.Provisioning.ReconcileServersJob\";")]
    [InlineData("var name = @\"C:\\ \"\"Features.Provisioning.ReconcileServersJob\"\"\";")]
    [InlineData("var name = $\"{count} Features.Provisioning.ReconcileServersJob\";")]
    [InlineData("var name = $\"\"\"{count} \"Features.Provisioning.ReconcileServersJob\" \"\"\";")]
    [InlineData("var name = nameof(Invoice) + \"Features.Provisioning.ReconcileServersJob\";")]
    public void Ignores_names_in_comments_and_strings_of_a_class(string line) =>
        Assert.Empty(Check("Features/Billing/Fulfilment.cs", $"namespace ZlhPortal.Web.Features.Billing;\n\n{line}\n"));

    [Theory]
    [InlineData("@* @using ZlhPortal.Web.Features.Provisioning *@")]
    [InlineData("@*\n  <ZlhPortal.Web.Features.Provisioning.Placement />\n*@")]
    [InlineData("<!-- <ZlhPortal.Web.Features.Provisioning.Placement /> -->")]
    [InlineData("@code { // Features.Provisioning.ReconcileServersJob runs it\n}")]
    [InlineData("<MudAlert>@(\"Features.Provisioning.ReconcileServersJob\")</MudAlert>")]
    public void Ignores_names_in_comments_and_strings_of_a_page(string line) =>
        Assert.Empty(Check("Features/Billing/Pages/InvoicePage.razor", $"@page \"/invoices\"\n{line}\n<h1>Invoice</h1>\n"));

    [Fact]
    public void Finds_the_code_after_a_string_that_holds_a_string_or_a_character_that_is_a_quote() =>
        Assert.Equal(["Features/Billing/Fulfilment.cs (Billing) uses Provisioning"], Check("Features/Billing/Fulfilment.cs", """
            namespace ZlhPortal.Web.Features.Billing;

            var state = $"{(ok ? "done" : "failed")} // and not a comment";
            var quote = '"';
            var apostrophe = '\'';
            var job = typeof(ZlhPortal.Web.Features.Provisioning.ReconcileServersJob);
            """));

    [Fact]
    public void Does_not_take_the_features_of_a_http_context_for_a_part() =>
        Assert.Empty(Check("Infrastructure/Web/ShellSetup.cs", """
            namespace ZlhPortal.Web.Infrastructure.Web;

            var pages = context.Features.Get<IStatusCodePagesFeature>();
            var tracking = HttpContext.Features.Get<ITrackingConsentFeature>()?.CanTrack;
            var all = Features.Get<IHttpResponseFeature>();
            var framework = typeof(Microsoft.AspNetCore.Components.Web.RenderMode);
            """));

    [Fact]
    public void A_servers_page_may_show_billing_but_a_servers_class_may_not_use_it()
    {
        Assert.Empty(Check("Features/Servers/ServerDetailsPage.razor", """
            @using ZlhPortal.Web.Features.Billing.Pages
            <ZlhPortal.Web.Features.Billing.Pages.SubscriptionPanel ServerId="server.Id" CustomerId="@server.OwnerId" />
            """));
        Assert.Equal(["Features/Servers/ServerDirectory.cs (Servers) uses Billing"], Check("Features/Servers/ServerDirectory.cs", """
            using ZlhPortal.Web.Features.Billing;

            namespace ZlhPortal.Web.Features.Servers;
            """));
    }

    [Fact]
    public void A_narrower_grant_lets_orders_name_only_the_granted_provisioning_types()
    {
        Assert.Empty(Check("Features/Orders/Checkout.cs", """
            using ZlhPortal.Web.Features.Provisioning;

            namespace ZlhPortal.Web.Features.Orders;

            public sealed class Checkout(ServerPlacement placement, ZlhPortal.Web.Features.Provisioning.CapacityReservation reservation);
            """));
        Assert.Equal(
            [
                "Features/Orders/Checkout.cs (Orders) uses Provisioning.ReconcileServersJob (only ServerPlacement, CapacityReservation, CapacityResult granted)",
            ],
            Check("Features/Orders/Checkout.cs", """
                using ZlhPortal.Web.Features.Provisioning;

                namespace ZlhPortal.Web.Features.Orders;

                /// <summary>Unlike <see cref="ServerLocks"/>, a name in a comment is no use.</summary>
                public sealed class Checkout(ServerPlacement placement, ReconcileServersJob reconcile, ServerLocks ownLocks);
                """));
    }

    [Fact]
    public void A_narrower_grant_holds_for_a_qualified_name_too() =>
        Assert.Equal(
            [
                "Features/Orders/Quotes.cs (Orders) uses Provisioning.ServerLocks (only ServerPlacement, CapacityReservation, CapacityResult granted)",
            ],
            Check("Features/Orders/Quotes.cs", "var locks = services.GetRequiredService<Features.Provisioning.ServerLocks>();"));

    [Fact]
    public void A_file_under_infrastructure_data_may_name_every_entity_but_other_infrastructure_may_not()
    {
        Assert.Empty(Check("Infrastructure/Data/AppDbContext.cs", """
            using ZlhPortal.Web.Features.Billing;
            using ZlhPortal.Web.Features.Provisioning;

            namespace ZlhPortal.Web.Infrastructure.Data;
            """));
        Assert.Empty(Check("Infrastructure/Data/Migrations/AppDbContextModelSnapshot.cs",
            "modelBuilder.Entity(\"ZlhPortal.Web.Features.Billing.Invoice\", b => b.HasOne(\"ZlhPortal.Web.Features.Servers.HostedServer\", null));\n"
            + "typeof(ZlhPortal.Web.Features.Billing.Invoice);"));
        Assert.Equal(["Infrastructure/Email/EmailSetup.cs (Infrastructure) uses Billing"],
            Check("Infrastructure/Email/EmailSetup.cs", "using ZlhPortal.Web.Features.Billing;"));
    }

    [Fact]
    public void A_file_in_no_part_may_use_only_the_shell_and_infrastructure()
    {
        Assert.Null(Rules.PartOf("Features/_Imports.razor"));
        Assert.Equal(["Features/_Imports.razor (no part) uses Accounts"], Check("Features/_Imports.razor", """
            @using MudBlazor
            @using ZlhPortal.Web
            @using ZlhPortal.Web.Components.Layout
            @using ZlhPortal.Web.Infrastructure.Auth
            @using ZlhPortal.Web.Features.Accounts
            """));
    }

    [Theory]
    [InlineData("Program.cs", "Program")]
    [InlineData("Components/App.razor", "Shell")]
    [InlineData("Components/Layout/MainLayout.razor", "Shell")]
    [InlineData("Features/Accounts/Pages/Manage/_Imports.razor", "Accounts")]
    [InlineData("Infrastructure/Data/Migrations/20261123171615_Billing.cs", "Infrastructure")]
    [InlineData("Features/Orders/Checkout.cs", "Orders")]
    [InlineData("Features/OrdersArchive/Old.cs", null)]
    [InlineData("Features/_Imports.razor", null)]
    public void A_file_belongs_to_the_part_whose_folder_holds_it(string path, string? part) =>
        Assert.Equal(part, Rules.PartOf(path)?.Name);

    [Fact]
    public void The_runtime_libraries_count_as_names_like_parts()
    {
        Assert.Empty(Check("Features/Provisioning/ResizeServerJob.cs",
            "using ZlhPortal.Proxmox;\nvar update = new ZlhPortal.Proxmox.Models.LxcConfigUpdate();"));
        Assert.Empty(Check("Infrastructure/Runtime/EmbeddedSimulator.cs", "using ZlhPortal.Simulator;"));
        Assert.Equal(["Features/Servers/ServerStore.cs (Servers) uses Proxmox"],
            Check("Features/Servers/ServerStore.cs", "var client = default(global::ZlhPortal.Proxmox.ProxmoxClient);"));
        Assert.Equal(["Infrastructure/Runtime/RuntimeSetup.cs (Infrastructure) uses Provisioning"],
            Check("Infrastructure/Runtime/RuntimeSetup.cs", "var options = runtime.Proxmox.BaseUrl;\nusing ZlhPortal.Web.Features.Provisioning;"));
    }

    [Fact]
    public void Reads_the_tables_of_the_rules()
    {
        Assert.Equal(["Accounts", "Catalog", "Servers", "Provisioning", "Orders", "Billing", "Consoles", "Admin", "Shell", "Infrastructure", "Program"],
            Rules.Parts.Select(p => p.Name));
        Assert.Equal(new PartRules.Grant("Provisioning", "capacity only"), Rules.Parts.Single(p => p.Name == "Orders").MayUse[3]);
        Assert.Equal(["ServerPlacement", "CapacityReservation", "CapacityResult"], Rules.NarrowGrants.Single().Types);
        Assert.Equal(["Billing", "Consoles"], Rules.PagesMayShow["Servers"]);
        Assert.Equal("Infrastructure/Data", Rules.Exceptions.Single().Folder);
        Assert.Equal("ZlhPortal.Simulator", Rules.OtherNames["Simulator"]);
        Assert.Empty(Rules.Mistakes());
    }

    [Theory]
    [InlineData("| Billing | Features/Billing | invoices | Servers, Catalog, Accounts, Infrastructure |", "| Billing | Features/Billing | invoices | Servers, Catalg, Accounts, Infrastructure |", "'Catalg'")]
    [InlineData("| Servers | Billing, Consoles |", "| Servers | Billing, Consols |", "'Consols'")]
    [InlineData("| Infrastructure/Data | Accounts,", "| Infrastructure/Data | Acounts,", "'Acounts'")]
    [InlineData("Proxmox, Simulator |", "Proxmox, Simulater |", "'Simulater'")]
    [InlineData("| Orders | Provisioning | ServerPlacement", "| Orders | Billing | ServerPlacement", "Provisioning (capacity only)")]
    public void A_typo_in_the_rules_is_a_mistake(string text, string typo, string named)
    {
        Assert.Contains(text, Markdown);

        var mistakes = PartRules.Parse(Markdown.Replace(text, typo)).Mistakes();

        Assert.Contains(mistakes, m => m.Contains(named));
    }

    [Fact]
    public void A_missing_table_cannot_be_read() =>
        Assert.Throws<FormatException>(() => PartRules.Parse(Markdown.Replace("| Part | Pages may also show |", "| Part | Pages show |")));

    [Fact]
    public void Finds_the_types_of_each_part_in_the_portal()
    {
        var names = Rules.TypeNamesByPart(typeof(PortalOptions).Assembly);

        Assert.Contains("PortalOptions", names["Infrastructure"]);
        Assert.Contains("ServerPlacement", names["Provisioning"]);
        Assert.All(names.Values.SelectMany(n => n), n => Assert.Matches("^[A-Za-z_][A-Za-z0-9_]*$", n));
    }
}
