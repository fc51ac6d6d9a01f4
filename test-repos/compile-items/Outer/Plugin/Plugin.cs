namespace Outer.Plugin
{
    public class Plugin
    {
    }
}
