using System.CommandLine;
using ZlhPortal.Web.Features.Billing.Dunning;
using ZlhPortal.Web.Infrastructure.Cli;

namespace ZlhPortal.Web.Features.Billing;

/// <summary><c>billing run</c>: runs the billing run once now (renewals, reminders, suspensions, expiries) and prints what it did.</summary>
public static class BillingCommands
{
    public static Command Create(CommandContext context)
    {
        var output = context.Output;
        var billing = new Command("billing", "Billing operations.");
        var run = new Command("run", "Run the billing run once now; safe to repeat and to run after a crash.");
        run.SetAction((parse, ct) => context.RunAsync(async (services, token) =>
        {
            var summary = await services.GetRequiredService<RunBillingJob>().RunAsync(token);
            output.WriteLine($"orders expired {summary.OrdersExpired}, invoices issued {summary.InvoicesIssued} ({summary.PaidFromCredit} paid from credit), " +
                $"emails {summary.EmailsSent}, reminders {summary.Reminders}, suspended {summary.Suspended}, terminated {summary.Terminated}, " +
                $"fulfilled {summary.Fulfilled}, refunded {summary.Refunded}, ended {summary.Ended}");
            return 0;
        }, ct));
        billing.Subcommands.Add(run);
        return billing;
    }
}
