namespace Tool
{
    internal static class Program
    {
        private static void Main() => Plugins.Loader.Load();
    }
}
