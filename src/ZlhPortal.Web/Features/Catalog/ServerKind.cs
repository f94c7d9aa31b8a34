namespace ZlhPortal.Web.Features.Catalog;

public enum ServerKind
{
    Game = 1,
    Dev = 2,
}
