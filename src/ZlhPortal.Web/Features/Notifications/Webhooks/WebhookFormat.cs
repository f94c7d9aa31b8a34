namespace ZlhPortal.Web.Features.Notifications.Webhooks;

public enum WebhookFormat
{
    /// <summary><c>{"content","embeds":[{"title","description","color","timestamp"}]}</c>, what a Discord channel webhook takes.</summary>
    Discord,

    /// <summary><c>{"id","event","serverId","serverName","at","text"}</c>, signed with the webhook's secret.</summary>
    Generic,
}
