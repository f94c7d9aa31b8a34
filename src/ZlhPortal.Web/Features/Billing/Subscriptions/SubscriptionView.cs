using ZlhPortal.Web.Features.Catalog;

namespace ZlhPortal.Web.Features.Billing.Subscriptions;

/// <summary>A server's subscription as its panel shows it, with the plans it may change to.</summary>
public sealed record SubscriptionView(Subscription Subscription, Plan CurrentPlan, Plan? PendingPlan, IReadOnlyList<Plan> Plans);
