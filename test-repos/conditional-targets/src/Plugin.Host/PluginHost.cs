namespace Plugin.Host
{
    public static class PluginHost
    {
        public static int Version => 1;
    }
}
