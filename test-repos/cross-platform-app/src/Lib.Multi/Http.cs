namespace Lib.Multi
{
    public static class Http
    {
    }
}
